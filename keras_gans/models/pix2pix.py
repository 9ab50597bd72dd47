"""Pix2Pix (Isola, Zhu, Zhou & Efros, 2017)."""

import math

import numpy as np
import keras
from keras import layers

from keras_gans.data.paired_images import PairedImageDataset
from keras_gans.data.paired_images import check_pairs
from keras_gans.layers.normalization import check_normalization
from keras_gans.layers.normalization import conv_initializer
from keras_gans.layers.patch_discriminator import patch_discriminator
from keras_gans.layers.unet_block import UNetDownBlock
from keras_gans.layers.unet_block import UNetUpBlock
from keras_gans.models._presets import PresetsMixin
from keras_gans.models.image_to_image_gan import PairedImageGAN
from keras_gans.models.image_to_image_gan import to_unit_range

# Named configurations. The class defaults are the paper's; these are
# smaller networks for tests and the embedded demo.
PRESETS = {
    "tiny": {
        "image_size": 32,
        "generator_filters": 4,
        "discriminator_filters": 4,
        "discriminator_layers": 2,
    },
    # The embedded edges-to-photo demo: 64x64 crops, 34x34 patches, half
    # the paper's filters. (A U-Net with 16 filters was no faster per step
    # on CPU here and learned far more slowly.)
    # Instance normalization, which the paper's batch normalization with
    # batches of one amounts to, keeps a translation independent of the
    # other images in its batch at the demo's batch size of 8.
    "edges_to_photos": {
        "image_size": 64,
        "generator_filters": 32,
        "discriminator_filters": 32,
        "discriminator_layers": 2,
        "norm": "instance",
    },
}


def _is_power_of_two(n):
    return (
        isinstance(n, int)
        and not isinstance(n, bool)
        and n > 0
        and n & (n - 1) == 0
    )


def unet_depth(image_size):
    """Down blocks of the U-Net for a side: log2(size), 8 at 256.

    Raises:
        ValueError: for a side that is not a power of two of at least 4,
            which the stride-2 blocks cannot bring down to 1x1.
    """
    if not _is_power_of_two(image_size) or image_size < 4:
        raise ValueError(
            "Expected `image_size` to be a power of two of at least 4 "
            "(the U-Net halves it down to 1x1: 8 down blocks at 256). "
            f"Received: image_size={image_size!r}"
        )
    return int(math.log2(image_size))


def unet_generator(
    image_size=256,
    input_channels=3,
    output_channels=3,
    filters=64,
    norm="batch",
    dropout=0.5,
    seed=None,
    name="generator",
):
    """The Pix2Pix U-Net generator as a functional model.

    `log2(image_size)` down blocks (4x4 stride-2 convolutions with
    `filters`, doubled per block up to `8 * filters`: C64-C128-C256-C512-
    C512-C512-C512-C512 at 256) bring the image to 1x1; one fewer up blocks
    mirror them, each concatenating the encoder's output of the same
    resolution; a last transposed convolution with tanh gives the image.
    The first three up blocks apply dropout, the generator's only noise.

    The first down block has no normalization (the paper); nor has the
    innermost one, whose output is 1x1: a per-image statistic over a
    single position would erase it (the authors' code leaves it out too).

    Args:
        image_size: side of the square input, a power of two.
        input_channels: channels of the input images.
        output_channels: channels of the output images.
        filters: channels of the first down block.
        norm: `"batch"` (the paper), `"instance"` or `None`.
        dropout: rate in the first three up blocks (0.5 in the paper).
        seed: int seed of the dropout noise.
        name: name of the returned model.
    """
    depth = unet_depth(image_size)
    check_normalization(norm)
    widths = [filters * min(2**i, 8) for i in range(depth)]
    images = keras.Input(
        (image_size, image_size, input_channels), name="images"
    )
    x = images
    skips = []
    for i, width in enumerate(widths):
        outer_or_inner = i == 0 or i == depth - 1
        x = UNetDownBlock(
            width, norm=None if outer_or_inner else norm, name=f"down{i + 1}"
        )(x)
        skips.append(x)
    for j, i in enumerate(range(depth - 2, -1, -1)):
        x = UNetUpBlock(
            widths[i],
            norm=norm,
            dropout=dropout if j < 3 else 0.0,
            seed=None if seed is None else seed + j,
            name=f"up{j + 1}",
        )([x, skips[i]])
    outputs = layers.Conv2DTranspose(
        output_channels,
        4,
        strides=2,
        padding="same",
        activation="tanh",
        kernel_initializer=conv_initializer(),
        dtype="float32",
        name="to_image",
    )(x)
    return keras.Model(images, outputs, name=name)


@keras.saving.register_keras_serializable(package="keras_gans")
class Pix2Pix(PresetsMixin, PairedImageGAN):
    """Paired image-to-image translation with a conditional GAN.

    A U-Net generator G maps an input image x to an output G(x); a
    PatchGAN discriminator D judges (input, output) pairs patch by patch:
    (x, y) with the true target y as real, (x, G(x)) as fake. G minimizes
    the adversarial loss plus `l1_weight` times the L1 distance to y (the
    L1 term gets the colours and layout right; D the high frequencies).
    D's loss is halved, slowing it relative to G, as in the paper.

    Each step updates G, then D on the output of that same forward pass
    (detached): G sees D before its update and D sees G before its, as
    when both gradients are taken from one forward pass.

    Noise comes only from dropout, which stays on at inference as in the
    paper ("we run the generator net in exactly the same manner as during
    the training phase"): with `inference_dropout=True`, `translate` runs
    G in training mode, so batch normalization also uses the statistics
    of the translated batch (G's stored statistics are left unchanged).
    Pass `dropout=False` to `translate`, or `inference_dropout=False`, for
    the usual deterministic inference.

    Paper defaults: 256x256 images, 64 filters in both networks, the
    70x70 PatchGAN (`discriminator_layers=3`), batch normalization,
    dropout 0.5, the non-saturating cross-entropy loss, `l1_weight=100`,
    Adam(2e-4, beta_1=0.5) for both networks, weights from N(0, 0.02).
    The paper trains with batches of 1 (of 1-10 depending on the data).

    Args:
        image_size: side of the square images, a power of two.
        input_channels: channels of the inputs x.
        output_channels: channels of the outputs y.
        generator_filters: channels of the U-Net's first block.
        discriminator_filters: channels of the PatchGAN's first layer.
        discriminator_layers: stride-2 layers of the PatchGAN: 1, 2, 3
            give 16, 34, 70 px patches.
        norm: `"batch"` or `"instance"`, in both networks.
        dropout: rate in the generator's first three up blocks.
        inference_dropout: keep dropout (and batch statistics) on in
            `translate`, as in the paper.
        seed: int seed of the dropout noise.

    Example:

    ```python
    model = keras_gans.models.Pix2Pix.from_preset("tiny")
    model.compile()
    model.fit(inputs, targets, batch_size=4, epochs=1)
    outputs = model.translate(inputs[:4])
    ```

    Reference:
        Isola, Zhu, Zhou & Efros, "Image-to-Image Translation with
        Conditional Adversarial Networks", CVPR 2017.
    """

    default_loss = "non_saturating"

    def __init__(
        self,
        image_size=256,
        input_channels=3,
        output_channels=3,
        generator_filters=64,
        discriminator_filters=64,
        discriminator_layers=3,
        norm="batch",
        dropout=0.5,
        inference_dropout=True,
        seed=None,
        **kwargs,
    ):
        for arg, value in (
            ("input_channels", input_channels),
            ("output_channels", output_channels),
            ("generator_filters", generator_filters),
            ("discriminator_filters", discriminator_filters),
        ):
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or value < 1
            ):
                raise ValueError(
                    f"Expected `{arg}` to be a positive int. "
                    f"Received: {arg}={value!r}"
                )
        unet_depth(image_size)
        super().__init__(seed=seed, **kwargs)
        self.image_size = image_size
        self.input_channels = input_channels
        self.output_channels = output_channels
        self.generator_filters = generator_filters
        self.discriminator_filters = discriminator_filters
        self.discriminator_layers = discriminator_layers
        self.norm = norm
        self.dropout = dropout
        self.inference_dropout = bool(inference_dropout)
        self.generator = unet_generator(
            image_size,
            input_channels,
            output_channels,
            generator_filters,
            norm=norm,
            dropout=dropout,
            seed=seed,
        )
        self.discriminator = patch_discriminator(
            (image_size, image_size, output_channels),
            filters=discriminator_filters,
            num_layers=discriminator_layers,
            norm=norm,
            condition_shape=(image_size, image_size, input_channels),
        )
        self.l1_weight = 100.0
        self.built = True

    _presets = PRESETS

    # ------------------------------------------------------------------
    # Compilation

    # ------------------------------------------------------------------
    # Training

    def fit(self, x=None, y=None, batch_size=None, **kwargs):
        """Trains on pairs: `x` inputs and `y` targets, or a dataset.

        Args:
            x: input images, uint8 in [0, 255] or floats in [-1, 1],
                `(num_pairs, image_size, image_size, input_channels)`;
                or a `PairedImageDataset` (or any dataset yielding
                `(inputs, targets)` batches), with `y` left out.
            y: target images, as `x` with `output_channels`.
            batch_size: pairs per step, for arrays (default 1, as in
                the paper). Arrays are fed without jitter or mirroring
                and incomplete batches are dropped; wrap them in a
                `PairedImageDataset` for the paper's augmentation.
            **kwargs: passed to `keras.Model.fit`.
        """
        if y is not None:
            x = to_unit_range(x, "x")
            y = to_unit_range(y, "y")
            check_pairs(
                x, y, self.image_size, self.input_channels, self.output_channels
            )
            x = PairedImageDataset(
                x,
                y,
                batch_size=batch_size or 1,
                jitter=False,
                mirror=False,
                shuffle=kwargs.pop("shuffle", True),
                seed=self.seed,
            )
        elif isinstance(x, np.ndarray):
            raise ValueError(
                "Expected targets `y` with the input images `x`. "
                "Received: y=None"
            )
        elif isinstance(x, keras.utils.PyDataset):
            first_x, first_y = x[0][:2]
            check_pairs(
                np.asarray(first_x),
                np.asarray(first_y),
                self.image_size,
                self.input_channels,
                self.output_channels,
            )
        return super().fit(x, **kwargs)

    # ------------------------------------------------------------------
    # Inference

    def call(self, inputs, training=False):
        return self.generator(inputs, training=training)

    def translate(self, images, dropout=None, batch_size=32):
        """Translates input images; returns float32 numpy in [-1, 1].

        Args:
            images: uint8 in [0, 255] or floats in [-1, 1], one image
                `(size, size, channels)` or a batch of them.
            dropout: run G as in training (dropout on, batch statistics of
                each batch of `batch_size` images), as in the paper;
                defaults to `inference_dropout`.
            batch_size: images per forward pass.
        """
        images = to_unit_range(images)
        single = images.ndim == 3
        if single:
            images = images[None]
        want = (self.image_size, self.image_size, self.input_channels)
        if images.ndim != 4 or tuple(images.shape[1:]) != want:
            raise ValueError(
                f"Expected images of shape {want} (or a batch of them). "
                f"Received: images.shape={images.shape}"
            )
        if dropout is None:
            dropout = self.inference_dropout
        outputs = self._predict_images(
            self.generator, images, batch_size, training=bool(dropout)
        )
        return outputs[0] if single else outputs

    # ------------------------------------------------------------------
    # Serialization

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "image_size": self.image_size,
                "input_channels": self.input_channels,
                "output_channels": self.output_channels,
                "generator_filters": self.generator_filters,
                "discriminator_filters": self.discriminator_filters,
                "discriminator_layers": self.discriminator_layers,
                "norm": self.norm,
                "dropout": self.dropout,
                "inference_dropout": self.inference_dropout,
            }
        )
        return config
