"""DCGAN (Radford, Metz & Chintala, 2015)."""

import math

import keras
from keras import layers

from keras_gans.models._checks import check_positive_ints
from keras_gans.models._presets import PresetsMixin
from keras_gans.models.gan import GAN

# Named configurations. The class defaults are the paper's; these are smaller
# networks for tests and quick demos.
PRESETS = {
    "tiny": {
        "image_shape": (16, 16, 1),
        "latent_dim": 16,
        "generator_filters": 8,
        "discriminator_filters": 8,
    },
    "digits": {"image_shape": (28, 28, 1), "latent_dim": 100},
    "cifar": {"image_shape": (32, 32, 3), "latent_dim": 100},
}


def _init():
    # The paper initialises every weight from N(0, 0.02).
    return keras.initializers.RandomNormal(stddev=0.02)


def _batch_norm(name):
    return layers.BatchNormalization(
        momentum=0.9,
        epsilon=1e-5,
        gamma_initializer=keras.initializers.RandomNormal(1.0, 0.02),
        name=name,
    )


def _apply_batch_norm(x, name):
    return _batch_norm(name)(x)


def _check_image_shape(image_shape):
    shape = (
        tuple(image_shape) if isinstance(image_shape, (list, tuple)) else None
    )
    if (
        shape is None
        or len(shape) != 3
        or shape[0] != shape[1]
        or shape[2] not in (1, 3)
        or not (
            shape[0] == 28 or (shape[0] >= 16 and _is_power_of_two(shape[0]))
        )
    ):
        raise ValueError(
            "Expected `image_shape` (size, size, channels) with size 28 or a "
            "power of two of at least 16 (16, 32, 64, 128, ...) and 1 or 3 "
            f"channels. Received: image_shape={image_shape!r}"
        )
    return tuple(int(d) for d in shape)


def _is_power_of_two(n):
    return isinstance(n, int) and n > 0 and (n & (n - 1)) == 0


def dcgan_generator(image_shape, latent_dim, filters):
    """The DCGAN generator as a functional model.

    At 28x28 it is the layout of the seed deck (slide 2): Dense to 7x7x256,
    then 5x5 transposed convolutions to 128 (stride 1), 64 (stride 2) and the
    image (stride 2, tanh), with BatchNorm and LeakyReLU between. At a power
    of two it is the paper's: a projection to 4x4 with `filters * size / 8`
    channels, 4x4 stride-2 transposed convolutions that halve the channels
    while doubling the size, BatchNorm and ReLU, and a tanh output.
    """
    latents = keras.Input((latent_dim,), name="latents")
    images = generator_body(latents, image_shape, filters)
    return keras.Model(latents, images, name="generator")


def generator_body(x, image_shape, filters, normalize=None):
    """Applies the layers of `dcgan_generator` to the tensor `x`.

    Shared with the conditional models, which feed it their own input and
    may replace BatchNorm: `normalize(x, name)` returns the normalised
    tensor (default: the DCGAN BatchNorm layer called `name`).
    """
    normalize = normalize or _apply_batch_norm
    size, _, channels = image_shape
    if size == 28:
        x = layers.Dense(
            7 * 7 * 2 * filters,
            use_bias=False,
            kernel_initializer=_init(),
            name="project",
        )(x)
        x = normalize(x, "project_bn")
        x = layers.LeakyReLU(0.2)(x)
        x = layers.Reshape((7, 7, 2 * filters))(x)
        for i, (width, stride) in enumerate(((filters, 1), (filters // 2, 2))):
            x = layers.Conv2DTranspose(
                width,
                5,
                strides=stride,
                padding="same",
                use_bias=False,
                kernel_initializer=_init(),
                name=f"deconv{i + 1}",
            )(x)
            x = normalize(x, f"deconv{i + 1}_bn")
            x = layers.LeakyReLU(0.2)(x)
        kernel, activation = 5, "tanh"
    else:
        num_up = int(math.log2(size // 4))
        width = filters * 2 ** (num_up - 1)
        x = layers.Dense(
            4 * 4 * width,
            use_bias=False,
            kernel_initializer=_init(),
            name="project",
        )(x)
        x = layers.Reshape((4, 4, width))(x)
        x = normalize(x, "project_bn")
        x = layers.ReLU()(x)
        for i in range(num_up - 1):
            width //= 2
            x = layers.Conv2DTranspose(
                width,
                4,
                strides=2,
                padding="same",
                use_bias=False,
                kernel_initializer=_init(),
                name=f"deconv{i + 1}",
            )(x)
            x = normalize(x, f"deconv{i + 1}_bn")
            x = layers.ReLU()(x)
        kernel, activation = 4, "tanh"
    return layers.Conv2DTranspose(
        channels,
        kernel,
        strides=2,
        padding="same",
        activation=activation,
        kernel_initializer=_init(),
        name="to_image",
        dtype="float32",
    )(x)


def dcgan_discriminator(image_shape, filters):
    """The DCGAN discriminator as a functional model.

    Strided convolutions (5x5 at 28x28 as in the seed deck, 4x4 at powers of
    two as in the paper) with LeakyReLU(0.2), BatchNorm on every layer but
    the first, down to 4x4 (7x7 at 28x28), then one logit per image. The
    last layer runs in float32 so the logits keep their precision under
    mixed precision.
    """
    images = keras.Input(image_shape, name="images")
    features = discriminator_features(images, image_shape, filters)
    logits = layers.Dense(
        1, kernel_initializer=_init(), name="logit", dtype="float32"
    )(features)
    return keras.Model(images, logits, name="discriminator")


def discriminator_features(x, image_shape, filters, batch_norm=True, wrap=None):
    """Applies the layers of `dcgan_discriminator` up to its last layer.

    Returns the flattened features the logit is computed from. Shared with
    the conditional models: `x` may carry extra channels, `batch_norm=False`
    drops BatchNorm (convolutions then get biases), and `wrap(layer)` wraps
    each convolution (spectral normalization).
    """
    wrap = wrap or (lambda layer: layer)
    size = image_shape[0]
    if size == 28:
        widths, kernel = (filters, 2 * filters), 5
    else:
        num_down = int(math.log2(size // 4))
        widths, kernel = [filters * 2**i for i in range(num_down)], 4
    for i, width in enumerate(widths):
        normalized = batch_norm and i > 0
        x = wrap(
            layers.Conv2D(
                width,
                kernel,
                strides=2,
                padding="same",
                use_bias=not normalized,
                kernel_initializer=_init(),
                name=f"conv{i + 1}",
            )
        )(x)
        if normalized:
            x = _batch_norm(f"conv{i + 1}_bn")(x)
        x = layers.LeakyReLU(0.2)(x)
    return layers.Flatten()(x)


@keras.saving.register_keras_serializable(package="keras_gans")
class DCGAN(PresetsMixin, GAN):
    """Deep convolutional GAN (Radford et al., 2015).

    Two layouts, chosen by `image_shape`:

    - 28x28 (the default: 1 channel, 100-d latent): the layout of the seed
      deck's slide 2 (Dense to 7x7x256, transposed convolutions to 128, 64
      and the image), with a two-layer strided discriminator.
    - powers of two (16, 32, 64, 128, ...; 1 or 3 channels): the paper's
      all-convolutional layout from a 4x4 projection, ReLU in the generator,
      LeakyReLU(0.2) and BatchNorm (not on the first layer) in the
      discriminator. With `generator_filters=128` a 64x64 generator starts at
      4x4x1024 as in the paper.

    Training defaults from the paper: Adam(2e-4, beta_1=0.5) for both
    networks, weights from N(0, 0.02), non-saturating loss.

    Args:
        image_shape: `(size, size, channels)`.
        latent_dim: size of the latent vector z.
        generator_filters: width of the generator's last hidden layer (the
            first is `generator_filters * size / 8`; 2x at 28x28).
        discriminator_filters: width of the discriminator's first layer,
            doubled at every stride.
        seed: seed of the training noise.

    Reference:
        Radford, Metz & Chintala, "Unsupervised Representation Learning with
        Deep Convolutional Generative Adversarial Networks", ICLR 2016.
    """

    def __init__(
        self,
        image_shape=(28, 28, 1),
        latent_dim=100,
        generator_filters=128,
        discriminator_filters=64,
        seed=None,
        **kwargs,
    ):
        image_shape = _check_image_shape(image_shape)
        check_positive_ints(
            1,
            latent_dim=latent_dim,
            generator_filters=generator_filters,
            discriminator_filters=discriminator_filters,
        )
        kwargs.pop("generator", None)
        kwargs.pop("discriminator", None)
        super().__init__(
            generator=dcgan_generator(
                image_shape, latent_dim, generator_filters
            ),
            discriminator=dcgan_discriminator(
                image_shape, discriminator_filters
            ),
            latent_dim=latent_dim,
            seed=seed,
            **kwargs,
        )
        self.generator_filters = generator_filters
        self.discriminator_filters = discriminator_filters

    _presets = PRESETS

    def get_config(self):
        config = keras.Model.get_config(self)
        config.update(
            {
                "image_shape": self.image_shape,
                "latent_dim": self.latent_dim,
                "generator_filters": self.generator_filters,
                "discriminator_filters": self.discriminator_filters,
                "seed": self.seed,
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)
