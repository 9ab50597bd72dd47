"""A conditional GAN that colorizes greyscale images (the seed's slide 11)."""

import numpy as np
import keras
from keras import layers
from keras import ops

from keras_gans import color
from keras_gans.data import _photos
from keras_gans.layers import ResNetBlock
from keras_gans.layers import patch_discriminator
from keras_gans.layers.normalization import conv_initializer
from keras_gans.layers.normalization import normalization_layer
from keras_gans.models._presets import PresetsMixin
from keras_gans.models._images import as_image_array
from keras_gans.models._images import check_image_size
from keras_gans.models._checks import check_positive_ints
from keras_gans.models.epoch_schedule import EpochDecayMixin
from keras_gans.models.image_to_image_gan import PairedImageGAN

# Named configurations. The class defaults are those of the seed deck's
# generator at 256x256 with Pix2Pix's discriminator; these are smaller.
PRESETS = {
    "tiny": {
        "image_size": 32,
        "generator_filters": 8,
        "discriminator_filters": 8,
        "num_residual_blocks": 2,
        "discriminator_layers": 2,
    },
    # The embedded demo (keras_gans.data.colorization): 32x32 crops, half
    # the deck's widths, 34x34 patches.
    "skimage": {
        "image_size": 32,
        "generator_filters": 32,
        "discriminator_filters": 32,
        "num_residual_blocks": 4,
        "discriminator_layers": 2,
    },
}


def colorization_generator(
    filters=64, num_residual_blocks=6, norm="instance", name="generator"
):
    """The colorization generator: lightness L -> chroma (a, b).

    The seed deck's layout (slide 11): a strided encoder (3x3 convolutions
    with `filters` and `2 * filters` channels, stride 2, LeakyReLU(0.2)),
    `num_residual_blocks` residual blocks at `2 * filters`, a decoder (3x3
    stride-2 transposed convolutions to `filters` and `filters / 2`
    channels, LeakyReLU(0.2)) and a 3x3 convolution to two channels with
    tanh. The deck leaves normalization out; here every layer but the first
    and the last is followed by `norm`, as in the CycleGAN generator whose
    residual blocks it shares. Fully convolutional: any height and width
    divisible by 4.

    Args:
        filters: width of the first convolution (64 in the deck).
        num_residual_blocks: 6 in the deck.
        norm: `"instance"`, `"batch"` or `None`.
        name: name of the returned model.

    Returns:
        A functional `keras.Model` from `(batch, h, w, 1)` scaled lightness
        to `(batch, h, w, 2)` scaled chroma, both in [-1, 1] (see
        `keras_gans.color`).
    """
    lightness = keras.Input((None, None, 1), name="lightness")

    def norm_act(x, label, with_norm=True):
        layer = normalization_layer(norm, name=f"{label}_norm")
        if with_norm and layer is not None:
            x = layer(x)
        return layers.LeakyReLU(0.2, name=f"{label}_act")(x)

    bias = norm != "batch"
    x = lightness
    for i, width in enumerate((filters, 2 * filters)):
        x = layers.Conv2D(
            width,
            3,
            strides=2,
            padding="same",
            use_bias=bias or i == 0,
            kernel_initializer=conv_initializer(),
            name=f"down{i + 1}_conv",
        )(x)
        x = norm_act(x, f"down{i + 1}", with_norm=i > 0)
    for i in range(num_residual_blocks):
        x = ResNetBlock(padding="reflect", norm=norm, name=f"block{i + 1}")(x)
    for i, width in enumerate((filters, max(1, filters // 2))):
        x = layers.Conv2DTranspose(
            width,
            3,
            strides=2,
            padding="same",
            use_bias=bias,
            kernel_initializer=conv_initializer(),
            name=f"up{i + 1}_conv",
        )(x)
        x = norm_act(x, f"up{i + 1}")
    chroma = layers.Conv2D(
        2,
        3,
        padding="same",
        activation="tanh",
        kernel_initializer=conv_initializer(),
        dtype="float32",
        name="chroma",
    )(x)
    return keras.Model(lightness, chroma, name=name)


@keras.saving.register_keras_serializable(package="keras_gans")
class ColorizationGAN(PresetsMixin, EpochDecayMixin, PairedImageGAN):
    """Colorizes greyscale images: a conditional GAN in CIE Lab.

    Each colour training image is split, inside the training step, into
    its lightness L and its chroma (a, b) (`keras_gans.color`, scaled to
    [-1, 1]; a and b are divided by `color.AB_SCALE = 110`). The generator
    predicts the chroma from L (`colorization_generator`, the seed deck's
    layout); a PatchGAN judges (L, ab) pairs, real or predicted.

    Training is Pix2Pix's: the generator minimises the adversarial loss
    plus `l1_weight` (100) times the L1 distance to the true chroma; the
    discriminator's loss is halved; both networks use Adam(2e-4,
    beta_1=0.5) with the reference code's schedule: constant for 100
    epochs, then a linear decay to zero over 100 more, following
    `epochs_trained`, a counter saved with the model. One step updates the
    generator, then the discriminator on the output of that same forward
    pass; each phase leaves the other network's weights and normalisation
    statistics untouched. Logged: `g_loss` (adversarial term), `l1_loss`
    (unweighted) and `d_loss`.

    `colorize(gray_images)` returns RGB images: the input's lightness with
    the predicted chroma.

    Args:
        image_size: side of the square training crops, divisible by 4.
        generator_filters: width of the generator's first layer (64).
        discriminator_filters: width of the discriminator's first layer.
        num_residual_blocks: residual blocks of the generator (6).
        discriminator_layers: stride-2 layers of the PatchGAN: 1, 2, 3
            give 16, 34, 70 px patches.
        norm: normalization of the generator, `"instance"` (default),
            `"batch"` or `None`; the discriminator uses batch
            normalization as in Pix2Pix.
        seed: seed of the order of the training crops.

    Example:

    ```python
    gan = keras_gans.models.ColorizationGAN.from_preset("skimage")
    gan.compile()
    data = keras_gans.data.colorization.skimage_color_photos(32)
    gan.fit(data["train"], epochs=5, batch_size=16)
    rgb = gan.colorize(keras_gans.color.rgb_to_grayscale(data["test"]))
    ```

    Reference:
        Isola, Zhu, Zhou & Efros, "Image-to-Image Translation with
        Conditional Adversarial Networks", CVPR 2017 (the objective and
        the discriminator).
    """

    default_loss = "non_saturating"

    def __init__(
        self,
        image_size=256,
        generator_filters=64,
        discriminator_filters=64,
        num_residual_blocks=6,
        discriminator_layers=3,
        norm="instance",
        seed=None,
        **kwargs,
    ):
        check_image_size(image_size, multiple=4)
        check_positive_ints(
            1,
            generator_filters=generator_filters,
            discriminator_filters=discriminator_filters,
            discriminator_layers=discriminator_layers,
        )
        check_positive_ints(0, num_residual_blocks=num_residual_blocks)
        super().__init__(seed=seed, **kwargs)
        self.image_size = image_size
        self.generator_filters = generator_filters
        self.discriminator_filters = discriminator_filters
        self.num_residual_blocks = num_residual_blocks
        self.discriminator_layers = discriminator_layers
        self.norm = norm
        self.generator = colorization_generator(
            generator_filters, num_residual_blocks, norm=norm
        )
        self.discriminator = patch_discriminator(
            (image_size, image_size, 2),
            discriminator_filters,
            discriminator_layers,
            norm="batch",
            condition_shape=(image_size, image_size, 1),
        )
        self.l1_weight = 100.0
        self._init_epoch_schedule()
        self.built = True

    _presets = PRESETS

    # ------------------------------------------------------------------
    # Compilation

    def compile(self, *args, constant_epochs=100, decay_epochs=100, **kwargs):
        """Configures training: `PairedImageGAN.compile`'s arguments (L1
        weight 100, as in Pix2Pix), plus the learning-rate schedule.

        Args:
            constant_epochs: epochs at the initial learning rates.
            decay_epochs: epochs of linear decay to zero after them (0: a
                constant rate); 100 + 100 as in the Pix2Pix reference
                code. See `keras_gans.models.epoch_schedule`.
        """
        check_positive_ints(
            0, constant_epochs=constant_epochs, decay_epochs=decay_epochs
        )
        super().compile(*args, **kwargs)
        self._compile_epoch_schedule(constant_epochs, decay_epochs)

    def _extra_compile_config(self):
        return {
            **super()._extra_compile_config(),
            **self._epoch_schedule_config(),
        }

    def condition_and_target(self, data):
        """Lab's L and scaled (a, b) of the RGB batch, converted here, on
        the backend's tensors."""
        real = keras.utils.unpack_x_y_sample_weight(data)[0]
        lightness, chroma = color.rgb_to_scaled_lab(ops.cast(real, "float32"))
        return (
            ops.cast(lightness, self.compute_dtype),
            ops.cast(chroma, self.compute_dtype),
        )

    # ------------------------------------------------------------------
    # Inference

    def call(self, lightness, training=False):
        return self.generator(lightness, training=training)

    def colorize(self, gray_images, batch_size=32):
        """Colorizes greyscale images.

        Args:
            gray_images: uint8 in [0, 255] or floats in [-1, 1], shaped
                `(n, h, w)`, `(n, h, w, 1)` or one image `(h, w)` /
                `(h, w, 1)`, of any size (padded by reflection to a
                multiple of 4, cropped back). RGB images `(..., 3)` are
                accepted too; only their lightness is used.
            batch_size: images per forward pass.

        Returns:
            float32 RGB images in [-1, 1], `(n, h, w, 3)` (or `(h, w, 3)`):
            the input's lightness with the predicted a and b.
        """
        array = np.asarray(gray_images)
        channels = 3 if array.ndim >= 3 and array.shape[-1] == 3 else 1
        images, single = as_image_array(array, "gray_images", channels)
        if channels == 1:
            images = np.repeat(images, 3, axis=-1)
        height, width = images.shape[1:3]
        pad = ((0, 0), (0, -height % 4), (0, -width % 4), (0, 0))
        images = np.pad(images, pad, mode="reflect")
        outputs = []
        for i in range(0, len(images), batch_size):
            lightness, _ = color.rgb_to_scaled_lab(images[i : i + batch_size])
            chroma = self.generator.predict_on_batch(lightness)
            rgb = color.scaled_lab_to_rgb(lightness, chroma)
            outputs.append(ops.convert_to_numpy(rgb))
        outputs = np.concatenate(outputs)[:, :height, :width]
        outputs = np.clip(outputs.astype("float32"), -1.0, 1.0)
        return outputs[0] if single else outputs

    def translate(self, images, batch_size=32):
        """`colorize`, under the name every image-to-image model has."""
        return self.colorize(images, batch_size=batch_size)

    # ------------------------------------------------------------------
    # Training

    def fit(self, x=None, y=None, batch_size=None, callbacks=None, **kwargs):
        """Trains on colour images `x` (`y` is ignored).

        Arrays (uint8, or floats in [-1, 1], `(n, h, w, 3)` with h, w at
        least `image_size`) are wrapped in a `RandomCropBatches` (random
        crops and mirroring; `batch_size` defaults to 1, as in Pix2Pix).
        Images without colour are refused. A `PyDataset` or other stream
        must yield RGB batches in [-1, 1] of the model's size. The
        learning rate schedule runs as the first callback.
        """
        from keras_gans.data.unpaired import RandomCropBatches

        if isinstance(x, (np.ndarray, list)):
            x = RandomCropBatches(
                self._check_color_images(x),
                batch_size=batch_size or 1,
                image_size=self.image_size,
                seed=self.seed,
            )
            y, batch_size = None, None
        return super().fit(
            x,
            y,
            batch_size=batch_size,
            callbacks=self._with_schedule(callbacks),
            **kwargs,
        )

    def _check_color_images(self, images):
        images = _photos.check_images(images, "x", channels=3)
        size = self.image_size
        if min(images.shape[1:3]) < size:
            raise ValueError(
                f"Expected images of at least {size}x{size}, the model's "
                f"image_size. Received: x.shape={images.shape}"
            )
        spread = np.ptp(images.astype("float32"), axis=-1).max(axis=(1, 2))
        grey = np.flatnonzero(spread == 0)
        if len(grey):
            raise ValueError(
                "Expected colour images: a colorization model learns the "
                "colour of its training images. Received: images without "
                "colour (three equal channels) at indices "
                f"{grey[:10].tolist()} of {len(images)}"
            )
        return images

    # ------------------------------------------------------------------
    # Serialization

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "image_size": self.image_size,
                "generator_filters": self.generator_filters,
                "discriminator_filters": self.discriminator_filters,
                "num_residual_blocks": self.num_residual_blocks,
                "discriminator_layers": self.discriminator_layers,
                "norm": self.norm,
            }
        )
        return config
