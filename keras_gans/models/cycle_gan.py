"""CycleGAN (Zhu, Park, Isola & Efros, 2017)."""

import numpy as np
import keras
from keras import layers
from keras import ops

from keras_gans import losses as losses_module
from keras_gans.layers import ImageHistoryPool
from keras_gans.layers import ReflectionPadding2D
from keras_gans.layers import ResNetBlock
from keras_gans.layers import patch_discriminator
from keras_gans.layers.normalization import conv_initializer
from keras_gans.layers.normalization import normalization_layer
from keras_gans.models._presets import PresetsMixin
from keras_gans.models._images import as_image_array
from keras_gans.models._images import check_image_size
from keras_gans.models._checks import check_positive_ints
from keras_gans.models._checks import check_weight
from keras_gans.models.epoch_schedule import EpochDecayMixin
from keras_gans.models.epoch_schedule import linear_decay_factor  # noqa: F401
from keras_gans.models.image_to_image_gan import ImageToImageGAN

# Named configurations. The class defaults are the paper's (256x256); these
# are smaller networks for tests and for the embedded demo.
PRESETS = {
    "tiny": {
        "image_size": 32,
        "generator_filters": 8,
        "discriminator_filters": 8,
        "num_residual_blocks": 2,
        "discriminator_layers": 2,
        "pool_size": 4,
    },
    # The embedded photographs -> micrograph demo (keras_gans.data.unpaired):
    # 32x32 crops, a quarter of the paper's widths, half its residual
    # blocks, 34x34 patches; about 0.3 s per batch of 4 on two busy cores.
    "skimage": {
        "image_size": 32,
        "generator_filters": 16,
        "discriminator_filters": 16,
        "num_residual_blocks": 3,
        "discriminator_layers": 2,
    },
}

DIRECTIONS = ("a_to_b", "b_to_a")


def resnet_generator(
    channels=3,
    filters=64,
    num_residual_blocks=9,
    norm="instance",
    name="generator",
):
    """The CycleGAN generator: c7s1-64, d128, d256, R256 x n, u128, u64,
    c7s1-3 in the paper's notation.

    A 7x7 convolution after a reflection padding of 3, two 3x3 stride-2
    convolutions (each doubling the filters), `num_residual_blocks`
    residual blocks with reflection padding, two 3x3 stride-2 transposed
    convolutions, and a 7x7 convolution to the image's channels with tanh.
    Every convolution but the last is followed by `norm` and ReLU. The
    network is fully convolutional: it takes any height and width
    divisible by 4.

    Args:
        channels: channels of the input and output images.
        filters: width of the first convolution (64 in the paper).
        num_residual_blocks: 6 at 128x128, 9 at 256x256 in the paper.
        norm: `"instance"` (the paper), `"batch"` or `None`.
        name: name of the returned model.

    Returns:
        A functional `keras.Model` from `(batch, h, w, c)` to
        `(batch, h, w, c)` images in [-1, 1].

    Reference:
        Johnson, Alahi & Fei-Fei, "Perceptual Losses for Real-Time Style
        Transfer and Super-Resolution", ECCV 2016; Zhu et al., ICCV 2017
        (appendix 7.2).
    """
    bias = norm != "batch"
    images = keras.Input((None, None, channels), name="images")

    def norm_relu(x, label):
        layer = normalization_layer(norm, name=f"{label}_norm")
        if layer is not None:
            x = layer(x)
        return layers.ReLU(name=f"{label}_relu")(x)

    x = ReflectionPadding2D(3, name="stem_pad")(images)
    x = layers.Conv2D(
        filters,
        7,
        use_bias=bias,
        kernel_initializer=conv_initializer(),
        name="stem_conv",
    )(x)
    x = norm_relu(x, "stem")
    width = filters
    for i in range(2):
        width *= 2
        # Zero padding of one pixel on every side, as in the paper's code
        # (Keras' "same" would pad only after the image at stride 2).
        x = layers.ZeroPadding2D(1, name=f"down{i + 1}_pad")(x)
        x = layers.Conv2D(
            width,
            3,
            strides=2,
            use_bias=bias,
            kernel_initializer=conv_initializer(),
            name=f"down{i + 1}_conv",
        )(x)
        x = norm_relu(x, f"down{i + 1}")
    for i in range(num_residual_blocks):
        x = ResNetBlock(padding="reflect", norm=norm, name=f"block{i + 1}")(x)
    for i in range(2):
        width //= 2
        x = layers.Conv2DTranspose(
            width,
            3,
            strides=2,
            padding="same",
            use_bias=bias,
            kernel_initializer=conv_initializer(),
            name=f"up{i + 1}_conv",
        )(x)
        x = norm_relu(x, f"up{i + 1}")
    x = ReflectionPadding2D(3, name="head_pad")(x)
    outputs = layers.Conv2D(
        channels,
        7,
        activation="tanh",
        kernel_initializer=conv_initializer(),
        dtype="float32",
        name="head_conv",
    )(x)
    return keras.Model(images, outputs, name=name)


def default_residual_blocks(image_size):
    """The paper's generator depth: 9 blocks at 256x256 and above, 6 at
    128x128 and below."""
    return 9 if image_size >= 256 else 6


@keras.saving.register_keras_serializable(package="keras_gans")
class CycleGAN(PresetsMixin, EpochDecayMixin, ImageToImageGAN):
    """Unpaired image-to-image translation with cycle consistency.

    Two generators translate between domains A and B (G: A -> B is
    `generator_ab`, F: B -> A is `generator_ba`), and two PatchGAN
    discriminators judge each domain (`discriminator_a` real A against
    F(b), `discriminator_b` real B against G(a)). The generators minimise

        L_GAN(G, D_B) + L_GAN(F, D_A)
        + cycle_weight * (|F(G(a)) - a|_1 + |G(F(b)) - b|_1)
        + identity_weight * cycle_weight * (|G(b) - b|_1 + |F(a) - a|_1)

    with a least-squares adversarial loss; each discriminator minimises its
    least-squares loss on real images and on generated ones drawn from a
    history of `pool_size` past outputs (`ImageHistoryPool`, part of the
    model's state, so saved and resumed with it).

    One training step is one update of both generators (one optimizer),
    then one update of both discriminators (the other optimizer) on the
    fakes of that same forward pass, as in the paper's code. Each phase
    leaves the other networks' weights and normalisation state untouched.
    Logged: `g_loss` (the two adversarial terms), `cycle_loss` and
    `identity_loss` (unweighted L1 sums) and `d_loss` (both
    discriminators).

    Paper defaults: 256x256 images, 64 filters in all networks, 9 residual
    blocks at 256 (6 at 128 and below), the 70x70 PatchGAN, instance
    normalization, a pool of 50, batch size 1, weights from N(0, 0.02);
    `compile()` adds Adam(2e-4, beta_1=0.5) for both optimizers, cycle
    weight 10, identity weight 0.5 x 10 and the learning rate schedule:
    constant for 100 epochs, then a linear decay to zero over 100 more.

    `fit` takes domain A as `x` and domain B as `y`: arrays of possibly
    different lengths (uint8, or floats in [-1, 1]), at least as large as
    the model's images, which it crops at random and mirrors; or a
    `keras_gans.data.unpaired.RandomCropBatches` yielding `(a, b)`.

    Args:
        image_size: side of the square images, divisible by 4.
        channels: channels of the images of both domains (3 or 1).
        generator_filters: width of the generators' first layer.
        discriminator_filters: width of the discriminators' first layer.
        num_residual_blocks: residual blocks per generator; by default 9
            at 256x256 and above, 6 below.
        discriminator_layers: stride-2 layers of each PatchGAN: 1, 2, 3
            give 16, 34, 70 px patches.
        pool_size: generated images kept per discriminator.
        seed: seed of the pools and of the order of the training crops.

    Example:

    ```python
    gan = keras_gans.models.CycleGAN.from_preset("skimage")
    gan.compile(constant_epochs=5, decay_epochs=5)
    data = keras_gans.data.unpaired.skimage_domains(32)
    gan.fit(data["train_a"], data["train_b"], epochs=10)
    fake_b = gan.translate(data["test_a"], direction="a_to_b")
    ```

    Reference:
        Zhu, Park, Isola & Efros, "Unpaired Image-to-Image Translation using
        Cycle-Consistent Adversarial Networks", ICCV 2017.
    """

    loss_names = ("d_loss", "g_loss", "cycle_loss", "identity_loss")
    default_loss = "least_squares"

    def __init__(
        self,
        image_size=256,
        channels=3,
        generator_filters=64,
        discriminator_filters=64,
        num_residual_blocks=None,
        discriminator_layers=3,
        pool_size=50,
        seed=None,
        **kwargs,
    ):
        check_image_size(image_size, multiple=4)
        if channels not in (1, 3):
            raise ValueError(
                f"Expected `channels` to be 1 or 3. Received: "
                f"channels={channels!r}"
            )
        if num_residual_blocks is None:
            num_residual_blocks = default_residual_blocks(image_size)
        check_positive_ints(
            1,
            generator_filters=generator_filters,
            discriminator_filters=discriminator_filters,
            discriminator_layers=discriminator_layers,
        )
        check_positive_ints(
            0, num_residual_blocks=num_residual_blocks, pool_size=pool_size
        )
        super().__init__(seed=seed, **kwargs)
        self.image_size = image_size
        self.channels = channels
        self.generator_filters = generator_filters
        self.discriminator_filters = discriminator_filters
        self.num_residual_blocks = num_residual_blocks
        self.discriminator_layers = discriminator_layers
        self.pool_size = pool_size
        image_shape = (image_size, image_size, channels)
        self.generator_ab, self.generator_ba = (
            resnet_generator(
                channels, generator_filters, num_residual_blocks, name=name
            )
            for name in ("generator_ab", "generator_ba")
        )
        self.discriminator_a, self.discriminator_b = (
            patch_discriminator(
                image_shape,
                discriminator_filters,
                discriminator_layers,
                norm="instance",
                name=name,
            )
            for name in ("discriminator_a", "discriminator_b")
        )
        self.pool_a, self.pool_b = (
            ImageHistoryPool(
                pool_size,
                image_shape,
                seed=None if seed is None else seed + offset,
                name=name,
            )
            for offset, name in ((1, "pool_a"), (2, "pool_b"))
        )
        self._init_epoch_schedule()
        self.cycle_weight = 10.0
        self.identity_weight = 0.5
        self.built = True

    @property
    def generator_networks(self):
        return [self.generator_ab, self.generator_ba]

    @property
    def discriminator_networks(self):
        return [self.discriminator_a, self.discriminator_b]

    _presets = PRESETS

    # ------------------------------------------------------------------
    # Compilation

    def compile(
        self,
        g_optimizer=None,
        d_optimizer=None,
        loss=None,
        cycle_weight=10.0,
        identity_weight=0.5,
        constant_epochs=100,
        decay_epochs=100,
        **kwargs,
    ):
        """Configures training (see `ImageToImageGAN.compile`).

        Args:
            cycle_weight: lambda, the weight of the cycle-consistency
                loss (10).
            identity_weight: weight of the identity loss as a fraction of
                `cycle_weight` (0.5, as in the paper); 0 drops the term
                and its two forward passes.
            constant_epochs: epochs at the initial learning rates.
            decay_epochs: epochs of linear decay to zero after them (0: a
                constant rate). The schedule follows `epochs_trained`, a
                counter saved with the model, and needs optimizers with a
                constant learning rate; see `linear_decay_factor`.
        """
        cycle_weight = check_weight("cycle_weight", cycle_weight)
        identity_weight = check_weight("identity_weight", identity_weight)
        check_positive_ints(
            0, constant_epochs=constant_epochs, decay_epochs=decay_epochs
        )
        super().compile(g_optimizer, d_optimizer, loss, **kwargs)
        self._compile_epoch_schedule(constant_epochs, decay_epochs)
        self.cycle_weight = cycle_weight
        self.identity_weight = identity_weight

    def _extra_compile_config(self):
        return {
            "cycle_weight": self.cycle_weight,
            "identity_weight": self.identity_weight,
            **self._epoch_schedule_config(),
        }

    # ------------------------------------------------------------------
    # Inference

    def call(self, images, training=False):
        return self.generator_ab(images, training=training)

    def translate(self, images, direction="a_to_b", batch_size=32):
        """Translates images from one domain to the other.

        Args:
            images: uint8 in [0, 255] or floats in [-1, 1], `(n, h, w, c)`
                or one `(h, w, c)` image, with the model's channels and h,
                w divisible by 4 (any size: the generators are fully
                convolutional).
            direction: `"a_to_b"` (G) or `"b_to_a"` (F).
            batch_size: images per forward pass.

        Returns:
            float32 images in [-1, 1], shaped like `images`.
        """
        if direction not in DIRECTIONS:
            raise ValueError(
                f"Expected `direction` to be one of {list(DIRECTIONS)}. "
                f"Received: direction={direction!r}"
            )
        network = (
            self.generator_ab if direction == "a_to_b" else self.generator_ba
        )
        images, single = as_image_array(
            images, "images", channels=self.channels, multiple=4
        )
        outputs = _predict(network, images, batch_size)
        return outputs[0] if single else outputs

    # ------------------------------------------------------------------
    # Training

    def fit(self, x=None, y=None, batch_size=None, callbacks=None, **kwargs):
        """Trains on images of domain A (`x`) and domain B (`y`).

        Arrays are wrapped in a `RandomCropBatches` (random crops of the
        model's size and mirroring; an epoch is one pass over the larger
        domain; `batch_size` defaults to 1, the paper's). A `PyDataset` or
        other stream must yield `(a, b)` batches in [-1, 1] and is passed
        on as is. The learning rate schedule runs as the first callback.
        """
        from keras_gans.data.unpaired import RandomCropBatches

        if isinstance(x, (np.ndarray, list)) or isinstance(
            y, (np.ndarray, list)
        ):
            if x is None or y is None:
                raise ValueError(
                    "Expected images of both domains: fit(x=images_a, "
                    f"y=images_b). Received: x={type(x).__name__}, "
                    f"y={type(y).__name__}"
                )
            x = RandomCropBatches(
                self._check_domain(x, "x"),
                self._check_domain(y, "y"),
                batch_size=batch_size or 1,
                image_size=self.image_size,
                seed=self.seed,
            )
            y, batch_size = None, None
        callbacks = self._with_schedule(callbacks)
        return super().fit(
            x, y, batch_size=batch_size, callbacks=callbacks, **kwargs
        )

    def _check_domain(self, images, arg):
        images = np.asarray(images)
        if (
            images.ndim != 4
            or images.shape[-1] != self.channels
            or min(images.shape[1:3]) < self.image_size
        ):
            domain = "A" if arg == "x" else "B"
            raise ValueError(
                f"Expected domain {domain} (`{arg}`) as images (n, h, w, "
                f"{self.channels}) of at least {self.image_size}x"
                f"{self.image_size}: both domains must match the model's "
                f"image_size and channels. Received: {arg}.shape="
                f"{images.shape}"
            )
        return images

    def train_updates(self, data):
        real_a, real_b = keras.utils.unpack_x_y_sample_weight(data)[:2]
        real_a = ops.cast(real_a, self.compute_dtype)
        real_b = ops.cast(real_b, self.compute_dtype)

        # Generator update; the discriminators judge but stay unchanged.
        _, (g_loss, cycle, identity, fake_a, fake_b) = self.train_networks(
            lambda: self.generator_loss(real_a, real_b),
            self.generator_networks,
            self.g_optimizer,
            frozen=self.discriminator_networks,
        )

        # Discriminator update on fakes of that pass, through the pools.
        fake_a = self.pool_a(ops.stop_gradient(fake_a))
        fake_b = self.pool_b(ops.stop_gradient(fake_b))
        d_loss, _ = self.train_networks(
            lambda: (
                self.discriminator_loss(real_a, real_b, fake_a, fake_b),
                None,
            ),
            self.discriminator_networks,
            self.d_optimizer,
        )
        return {
            "d_loss": d_loss,
            "g_loss": g_loss,
            "cycle_loss": cycle,
            "identity_loss": identity,
        }

    def _adversarial_scale(self):
        # keras_gans' least-squares loss halves the generator's term, as in
        # Mao et al.; CycleGAN's objective (and reference code) does not,
        # and its weights 10 and 5 are relative to the full term.
        if isinstance(self.loss_fn, losses_module.LeastSquaresLoss):
            return 2.0
        return 1.0

    def generator_loss(self, real_a, real_b):
        """The generators' objective.

        Returns:
            `(loss, (adversarial, cycle, identity, fake_a, fake_b))`, the
            losses unweighted.
        """
        fake_b = self.generator_ab(real_a, training=True)
        fake_a = self.generator_ba(real_b, training=True)
        cycled_a = self.generator_ba(fake_b, training=True)
        cycled_b = self.generator_ab(fake_a, training=True)
        adversarial = self._adversarial_scale() * (
            self.loss_fn.generator_loss(
                self.discriminator_b(fake_b, training=True)
            )
            + self.loss_fn.generator_loss(
                self.discriminator_a(fake_a, training=True)
            )
        )
        cycle = _l1(cycled_a, real_a) + _l1(cycled_b, real_b)
        if self.identity_weight:
            same_b = self.generator_ab(real_b, training=True)
            same_a = self.generator_ba(real_a, training=True)
            identity = _l1(same_b, real_b) + _l1(same_a, real_a)
        else:
            identity = ops.zeros((), "float32")
        loss = (
            adversarial
            + self.cycle_weight * cycle
            + self.identity_weight * self.cycle_weight * identity
        )
        return loss, (adversarial, cycle, identity, fake_a, fake_b)

    def discriminator_loss(self, real_a, real_b, fake_a, fake_b):
        """Both discriminators' losses, summed."""
        loss_a = self.loss_fn.discriminator_loss(
            self.discriminator_a(real_a, training=True),
            self.discriminator_a(fake_a, training=True),
        )
        loss_b = self.loss_fn.discriminator_loss(
            self.discriminator_b(real_b, training=True),
            self.discriminator_b(fake_b, training=True),
        )
        return loss_a + loss_b

    # ------------------------------------------------------------------
    # Serialization

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "image_size": self.image_size,
                "channels": self.channels,
                "generator_filters": self.generator_filters,
                "discriminator_filters": self.discriminator_filters,
                "num_residual_blocks": self.num_residual_blocks,
                "discriminator_layers": self.discriminator_layers,
                "pool_size": self.pool_size,
            }
        )
        return config


def _predict(network, images, batch_size):
    """Runs `network` in inference mode over batches; numpy in [-1, 1].

    `predict_on_batch` compiles the whole network once per input shape
    (jit on JAX, a graph on TensorFlow), which on JAX is several times
    faster than calling it eagerly, op by op.
    """
    outputs = [
        np.asarray(network.predict_on_batch(images[i : i + batch_size]))
        for i in range(0, len(images), batch_size)
    ]
    return np.clip(np.concatenate(outputs).astype("float32"), -1.0, 1.0)


def _l1(x, y):
    return ops.mean(ops.abs(ops.cast(x, "float32") - ops.cast(y, "float32")))
