"""A conditional GAN that colorizes greyscale images (the seed's slide 11)."""

import numpy as np
import keras
from keras import layers
from keras import ops

from keras_gans import backend
from keras_gans import color
from keras_gans import losses as losses_module
from keras_gans.data import _photos
from keras_gans.layers import ResNetBlock
from keras_gans.layers import patch_discriminator
from keras_gans.layers.normalization import conv_initializer
from keras_gans.layers.normalization import normalization_layer
from keras_gans.models._images import as_image_array
from keras_gans.models._images import check_image_shape
from keras_gans.models.gan import _OptimizerGroup
from keras_gans.models.gan import _check_optimizer
from keras_gans.models.gan import _float_state

# Named configurations. The class defaults are those of the seed deck's
# generator at 256x256 with Pix2Pix's discriminator; these are smaller.
PRESETS = {
    "tiny": {
        "image_shape": (32, 32, 3),
        "generator_filters": 8,
        "discriminator_filters": 8,
        "num_residual_blocks": 2,
        "discriminator_layers": 2,
    },
    "skimage": {
        "image_shape": (32, 32, 3),
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
            width, 3, strides=2, padding="same", use_bias=bias or i == 0,
            kernel_initializer=conv_initializer(), name=f"down{i + 1}_conv",
        )(x)
        x = norm_act(x, f"down{i + 1}", with_norm=i > 0)
    for i in range(num_residual_blocks):
        x = ResNetBlock(padding="reflect", norm=norm, name=f"block{i + 1}")(x)
    for i, width in enumerate((filters, max(1, filters // 2))):
        x = layers.Conv2DTranspose(
            width, 3, strides=2, padding="same", use_bias=bias,
            kernel_initializer=conv_initializer(), name=f"up{i + 1}_conv",
        )(x)
        x = norm_act(x, f"up{i + 1}")
    chroma = layers.Conv2D(
        2, 3, padding="same", activation="tanh",
        kernel_initializer=conv_initializer(), dtype="float32",
        name="chroma",
    )(x)
    return keras.Model(lightness, chroma, name=name)


@keras.saving.register_keras_serializable(package="keras_gans")
class ColorizationGAN(keras.Model):
    """Colorizes greyscale images: a conditional GAN in CIE Lab.

    Each colour training image is split, inside the training step, into
    its lightness L and its chroma (a, b) (`keras_gans.color`, scaled to
    [-1, 1]; a and b are divided by `color.AB_SCALE = 110`). The generator
    predicts the chroma from L (`colorization_generator`); a PatchGAN
    judges (L, ab) pairs, real or predicted. Training follows Pix2Pix: the
    generator minimises the adversarial loss plus `l1_weight` (100) times
    the L1 distance to the true chroma, the discriminator's loss is halved,
    and both use Adam(2e-4, beta_1=0.5). One step is one discriminator
    update, then one generator update; each leaves the other network's
    weights and normalisation statistics untouched.

    `colorize(gray_images)` returns RGB images: the input's own lightness
    with the predicted chroma.

    Args:
        image_shape: `(size, size, 3)` of the colour training images, size
            divisible by 4.
        generator_filters: width of the generator's first layer (64).
        discriminator_filters: width of the discriminator's first layer
            (64).
        num_residual_blocks: residual blocks of the generator (6).
        discriminator_layers: stride-2 layers of the PatchGAN; 3 gives
            70x70 patches.
        l1_weight: weight of the L1 term in the generator's loss (100).
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
        Conditional Adversarial Networks", CVPR 2017 (the training
        objective and discriminator).
    """

    def __init__(
        self,
        image_shape=(256, 256, 3),
        generator_filters=64,
        discriminator_filters=64,
        num_residual_blocks=6,
        discriminator_layers=3,
        l1_weight=100.0,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        image_shape = check_image_shape(image_shape, multiple=4, channels=(3,))
        for arg, value, low in (
            ("generator_filters", generator_filters, 1),
            ("discriminator_filters", discriminator_filters, 1),
            ("num_residual_blocks", num_residual_blocks, 0),
            ("discriminator_layers", discriminator_layers, 1),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or (
                value < low
            ):
                raise ValueError(
                    f"Expected `{arg}` to be an int of at least {low}. "
                    f"Received: {arg}={value!r}"
                )
        if not isinstance(l1_weight, (int, float)) or l1_weight < 0:
            raise ValueError(
                "Expected `l1_weight` to be a non-negative number. "
                f"Received: l1_weight={l1_weight!r}"
            )
        self.image_shape = image_shape
        self.generator_filters = generator_filters
        self.discriminator_filters = discriminator_filters
        self.num_residual_blocks = num_residual_blocks
        self.discriminator_layers = discriminator_layers
        self.l1_weight = float(l1_weight)
        self.seed = seed
        size = image_shape[0]
        self.generator = colorization_generator(
            generator_filters, num_residual_blocks
        )
        self.discriminator = patch_discriminator(
            (size, size, 2),
            discriminator_filters,
            discriminator_layers,
            norm="batch",
            condition_shape=(size, size, 1),
        )
        self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
        self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
        self.l1_loss_tracker = keras.metrics.Mean(name="l1_loss")
        self.built = True

    @classmethod
    def from_preset(cls, name, **overrides):
        """A ColorizationGAN from a named preset (`presets()`)."""
        if name not in PRESETS:
            raise ValueError(
                f"Expected a preset name among {sorted(PRESETS)}. "
                f"Received: name={name!r}"
            )
        return cls(**{**PRESETS[name], **overrides})

    @staticmethod
    def presets():
        return dict(PRESETS)

    # ------------------------------------------------------------------
    # Compilation

    def default_optimizers(self):
        """Fresh (generator, discriminator) optimizers: Pix2Pix's Adam."""
        return (
            keras.optimizers.Adam(2e-4, beta_1=0.5),
            keras.optimizers.Adam(2e-4, beta_1=0.5),
        )

    def compile(
        self, g_optimizer=None, d_optimizer=None, loss="non_saturating",
        **kwargs,
    ):
        """Configures training.

        Args:
            g_optimizer: optimizer of the generator (Adam(2e-4, 0.5)).
            d_optimizer: optimizer of the discriminator; a different
                instance.
            loss: adversarial loss, a name from `keras_gans.losses.names()`
                or an instance (Pix2Pix's cross-entropy by default).
            **kwargs: passed to `keras.Model.compile`.
        """
        for key in ("optimizer", "metrics", "loss_weights"):
            if key in kwargs:
                raise ValueError(
                    f"ColorizationGAN.compile does not take `{key}`; use "
                    "g_optimizer, d_optimizer and loss. "
                    f"Received: {key}={kwargs[key]!r}"
                )
        defaults = self.default_optimizers()
        g_optimizer = defaults[0] if g_optimizer is None else g_optimizer
        d_optimizer = defaults[1] if d_optimizer is None else d_optimizer
        _check_optimizer("g_optimizer", g_optimizer)
        _check_optimizer("d_optimizer", d_optimizer)
        if g_optimizer is d_optimizer:
            raise ValueError(
                "Expected two distinct optimizer instances. "
                f"Received: g_optimizer is d_optimizer ({g_optimizer!r})"
            )
        self.loss_fn = losses_module.get(loss)
        if keras.config.dtype_policy().name == "mixed_float16":
            g_optimizer = keras.optimizers.LossScaleOptimizer(g_optimizer)
            d_optimizer = keras.optimizers.LossScaleOptimizer(d_optimizer)
        super().compile(optimizer=None, **kwargs)
        self.g_optimizer = g_optimizer
        self.d_optimizer = d_optimizer
        self.optimizer = _OptimizerGroup(
            [
                (g_optimizer, lambda: self.generator.trainable_variables),
                (d_optimizer, lambda: self.discriminator.trainable_variables),
            ]
        )

    def get_compile_config(self):
        if not getattr(self, "compiled", False):
            return {}
        ser = keras.saving.serialize_keras_object
        return {
            "g_optimizer": ser(self.g_optimizer),
            "d_optimizer": ser(self.d_optimizer),
            "loss": ser(self.loss_fn),
        }

    def compile_from_config(self, config):
        config = dict(config)
        des = keras.saving.deserialize_keras_object
        for key in ("g_optimizer", "d_optimizer", "loss"):
            if isinstance(config.get(key), dict):
                config[key] = des(config[key])
        self.compile(**config)
        self.optimizer.build()

    @property
    def metrics(self):
        return [self.d_loss_tracker, self.g_loss_tracker, self.l1_loss_tracker]

    # ------------------------------------------------------------------
    # Inference

    def call(self, lightness, training=False):
        return self.generator(lightness, training=training)

    def colorize(self, gray_images, batch_size=32):
        """Colorizes greyscale images.

        Args:
            gray_images: uint8 in [0, 255] or floats in [-1, 1], shaped
                `(n, h, w)`, `(n, h, w, 1)` or one image `(h, w)` /
                `(h, w, 1)`; any size (padded by reflection to a multiple
                of 4 and cropped back). RGB images `(..., 3)` are accepted
                too: only their lightness is used.
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
            chroma = self.generator(lightness, training=False)
            rgb = color.scaled_lab_to_rgb(lightness, chroma)
            outputs.append(ops.convert_to_numpy(rgb))
        outputs = np.concatenate(outputs)[:, :height, :width]
        outputs = np.clip(outputs.astype("float32"), -1.0, 1.0)
        return outputs[0] if single else outputs

    # ------------------------------------------------------------------
    # Training

    def fit(self, x=None, y=None, batch_size=None, **kwargs):
        """Trains on colour images `x` (labels are ignored).

        Arrays (uint8, or floats in [-1, 1], `(n, h, w, 3)` with h, w at
        least the model's size) are wrapped in a `RandomCropBatches`
        (random crops and mirroring; `batch_size` defaults to 1, as in
        Pix2Pix). Images without colour are refused. A `PyDataset` or
        other stream must yield RGB batches in [-1, 1] at the model's size.
        """
        from keras_gans.data.unpaired import RandomCropBatches

        if not getattr(self, "compiled", False):
            raise RuntimeError(
                "Call `compile()` before `fit()`: `model.compile()` gives "
                "the Pix2Pix defaults."
            )
        if isinstance(x, (np.ndarray, list)):
            x = RandomCropBatches(
                self._check_color_images(x),
                batch_size=batch_size or 1,
                image_size=self.image_shape[0],
                seed=self.seed,
            )
            y, batch_size = None, None
        return super().fit(x, y, batch_size=batch_size, **kwargs)

    def _check_color_images(self, images):
        images = _photos.check_images(images, "x", channels=3)
        size = self.image_shape[0]
        if min(images.shape[1:3]) < size:
            raise ValueError(
                f"Expected images of at least {size}x{size}, the model's "
                f"image_shape {self.image_shape}. "
                f"Received: x.shape={images.shape}"
            )
        spread = np.ptp(images.astype("float32"), axis=-1).max(axis=(1, 2))
        grey = np.flatnonzero(spread == 0)
        if len(grey):
            raise ValueError(
                "Expected colour images: a colorization model learns the "
                "colour of its training images. Received: images without "
                f"colour (three equal channels) at indices {grey[:10].tolist()}"
                f" of {len(images)}"
            )
        return images

    def train_step(self, *args):
        return backend.run_train_step(self, self._train_step, args)

    def _train_step(self, data):
        real = keras.utils.unpack_x_y_sample_weight(data)[0]
        # The colour space conversion runs here, on the backend's tensors.
        lightness, chroma = color.rgb_to_scaled_lab(
            ops.cast(real, "float32")
        )
        lightness = ops.cast(lightness, self.compute_dtype)
        chroma = ops.cast(chroma, self.compute_dtype)

        d_loss, _ = self.discriminator_update(lightness, chroma)
        g_loss, g_logs = self.generator_update(lightness, chroma)

        self.d_loss_tracker.update_state(d_loss)
        self.g_loss_tracker.update_state(g_loss)
        self.l1_loss_tracker.update_state(g_logs["l1_loss"])
        return {m.name: m.result() for m in self.metrics}

    def discriminator_loss(self, lightness, chroma, fake_chroma):
        """Half the adversarial loss on real and predicted (L, ab) pairs."""
        real_logits = self.discriminator([lightness, chroma], training=True)
        fake_logits = self.discriminator(
            [lightness, fake_chroma], training=True
        )
        loss = 0.5 * self.loss_fn.discriminator_loss(real_logits, fake_logits)
        return loss, {}

    def generator_loss(self, lightness, chroma):
        """Adversarial loss plus `l1_weight` times the chroma's L1 error."""
        fake = self.generator(lightness, training=True)
        logits = self.discriminator([lightness, fake], training=True)
        l1 = ops.mean(
            ops.abs(ops.cast(fake, "float32") - ops.cast(chroma, "float32"))
        )
        loss = self.loss_fn.generator_loss(logits) + self.l1_weight * l1
        return loss, {"l1_loss": l1}

    def discriminator_update(self, lightness, chroma):
        """One discriminator update; the generator is left unchanged."""
        g_state = _float_state(self.generator)
        saved = [ops.copy(v.value) for v in g_state]
        fake = ops.stop_gradient(self.generator(lightness, training=True))
        for v, value in zip(g_state, saved):
            v.assign(value)
        variables = self.discriminator.trainable_variables
        (loss, logs), grads = backend.value_and_grad(
            lambda: self.discriminator_loss(lightness, chroma, fake),
            variables,
            self.d_optimizer,
        )
        backend.apply_gradients(self.d_optimizer, grads, variables)
        return loss, logs

    def generator_update(self, lightness, chroma):
        """One generator update; the discriminator is left unchanged."""
        d_state = _float_state(self.discriminator)
        saved = [ops.copy(v.value) for v in d_state]
        variables = self.generator.trainable_variables
        (loss, logs), grads = backend.value_and_grad(
            lambda: self.generator_loss(lightness, chroma),
            variables,
            self.g_optimizer,
        )
        backend.apply_gradients(self.g_optimizer, grads, variables)
        for v, value in zip(d_state, saved):
            v.assign(value)
        return loss, logs

    # ------------------------------------------------------------------
    # Serialization

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "image_shape": self.image_shape,
                "generator_filters": self.generator_filters,
                "discriminator_filters": self.discriminator_filters,
                "num_residual_blocks": self.num_residual_blocks,
                "discriminator_layers": self.discriminator_layers,
                "l1_weight": self.l1_weight,
                "seed": self.seed,
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)
