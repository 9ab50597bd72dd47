"""SRGAN and SRResNet (Ledig et al., 2017): 4x photo-realistic
super-resolution."""

import math

import keras
import numpy as np
from keras import layers
from keras import ops

from keras_gans import backend
from keras_gans import losses as losses_module
from keras_gans.data.images import to_unit_range
from keras_gans.data.super_resolution import bicubic_upscale
from keras_gans.layers import PixelShuffle
from keras_gans.losses import content as content_losses
from keras_gans.metrics import psnr
from keras_gans.metrics import ssim
from keras_gans.models._checks import check_positive_ints
from keras_gans.models._presets import PresetsMixin
from keras_gans.models.gan import gradient_update
from keras_gans.models.gan import run_frozen
from keras_gans.models.gan import _OptimizerGroup
from keras_gans.models.gan import _check_optimizer
from keras_gans.utils.images import to_uint8

# Named configurations. The class defaults are the paper's; these are
# smaller networks for tests and for the embedded demo.
PRESETS = {
    "tiny": {
        "num_blocks": 2,
        "filters": 8,
        "crop_size": 32,
        "discriminator_filters": 8,
        "dense_units": 16,
    },
    "demo": {
        "num_blocks": 4,
        "filters": 32,
        "crop_size": 48,
        "discriminator_filters": 16,
        "dense_units": 64,
    },
}

PHASES = ("mse", "gan")


def _batch_norm(name):
    # Lasagne's and PyTorch's defaults (the paper gives none).
    return layers.BatchNormalization(momentum=0.9, epsilon=1e-5, name=name)


def _prelu(name):
    # One slope per channel, started at 0.25 as in He et al. (2015).
    return layers.PReLU(
        alpha_initializer=keras.initializers.Constant(0.25),
        shared_axes=[1, 2],
        name=name,
    )


def srresnet_generator(scale=4, num_blocks=16, filters=64, channels=3):
    """The SRResNet generator as a functional model, for any input size.

    A 9x9 convolution with PReLU; `num_blocks` residual blocks (3x3
    convolution, BatchNorm, PReLU, 3x3 convolution, BatchNorm, sum with the
    block's input); a 3x3 convolution with BatchNorm summed with the output
    of the first layer; `log2(scale)` x2 stages (3x3 convolution to
    `4 * filters` channels, pixel shuffle, PReLU); a 9x9 convolution to the
    image, with tanh.

    Inputs are low-resolution images in [-1, 1]; the first layer maps them
    to [0, 1], the range the paper feeds its network. Outputs are in
    [-1, 1], as the paper scales its high-resolution images.
    """
    low_res = keras.Input((None, None, channels), name="low_res")
    x = layers.Rescaling(0.5, offset=0.5, name="to_zero_one")(low_res)
    x = layers.Conv2D(filters, 9, padding="same", name="conv_in")(x)
    x = skip = _prelu("conv_in_prelu")(x)
    for i in range(1, num_blocks + 1):
        y = layers.Conv2D(filters, 3, padding="same", name=f"block{i}_conv1")(x)
        y = _batch_norm(f"block{i}_bn1")(y)
        y = _prelu(f"block{i}_prelu")(y)
        y = layers.Conv2D(filters, 3, padding="same", name=f"block{i}_conv2")(y)
        y = _batch_norm(f"block{i}_bn2")(y)
        x = layers.Add(name=f"block{i}_add")([x, y])
    x = layers.Conv2D(filters, 3, padding="same", name="conv_mid")(x)
    x = _batch_norm("conv_mid_bn")(x)
    x = layers.Add(name="skip_add")([skip, x])
    for i in range(1, int(math.log2(scale)) + 1):
        x = layers.Conv2D(
            4 * filters, 3, padding="same", name=f"upsample{i}_conv"
        )(x)
        x = PixelShuffle(2, name=f"upsample{i}_shuffle")(x)
        x = _prelu(f"upsample{i}_prelu")(x)
    high_res = layers.Conv2D(
        channels,
        9,
        padding="same",
        activation="tanh",
        dtype="float32",
        name="conv_out",
    )(x)
    return keras.Model(low_res, high_res, name="generator")


def srgan_discriminator(crop_size=96, channels=3, filters=64, dense_units=1024):
    """The SRGAN discriminator as a functional model.

    Eight 3x3 convolutions with LeakyReLU(0.2), `filters` channels doubled
    every second layer up to `8 * filters`, strides 1 and 2 alternating
    (from the second layer on), BatchNorm on all but the first; then a dense
    layer of `dense_units` with LeakyReLU(0.2) and one logit (the paper's
    sigmoid lives in the loss). The dense layers fix the input size to
    `crop_size`.
    """
    images = keras.Input((crop_size, crop_size, channels), name="high_res")
    x = layers.Conv2D(filters, 3, padding="same", name="conv1")(images)
    x = layers.LeakyReLU(0.2)(x)
    widths = (1, 2, 2, 4, 4, 8, 8)
    for i, (mult, stride) in enumerate(zip(widths, (2, 1) * 4), start=2):
        x = layers.Conv2D(
            mult * filters, 3, strides=stride, padding="same", name=f"conv{i}"
        )(x)
        x = _batch_norm(f"conv{i}_bn")(x)
        x = layers.LeakyReLU(0.2)(x)
    x = layers.Flatten()(x)
    x = layers.Dense(dense_units, name="dense")(x)
    x = layers.LeakyReLU(0.2)(x)
    logits = layers.Dense(1, name="logit", dtype="float32")(x)
    return keras.Model(images, logits, name="discriminator")


@keras.saving.register_keras_serializable(package="keras_gans")
class SRGAN(PresetsMixin, keras.Model):
    """Super-resolution GAN (Ledig et al., 2017), with its SRResNet.

    The generator (SRResNet, `srresnet_generator`) maps low-resolution
    images of any size to images `scale` times larger; the discriminator
    (`srgan_discriminator`) scores `crop_size` x `crop_size` crops. Images
    are floats in [-1, 1] (or uint8, converted) of shape
    `(batch, height, width, channels)`.

    Training has two phases, chosen with `compile(phase=...)`, as in the
    paper:

    1. `"mse"`: the generator alone on the pixel mean squared error, which
       gives the paper's SRResNet-MSE (best PSNR, blurry textures).
    2. `"gan"`: both networks, starting from the phase-1 generator. Each
       step updates the discriminator once, then the generator on
       `content + adversarial_weight * adversarial` (the paper's
       perceptual loss: VGG54 content, weight 1e-3, -log D(G(x))).

    `fit(x=low_res, y=high_res)` or `fit(dataset)` with
    `(low_res, high_res)` batches such as
    `keras_gans.data.super_resolution.SuperResolutionCrops`. Evaluation
    (`evaluate`, `validation_data`) reports PSNR and SSIM on the luma
    channel with a border of `scale` pixels cropped.

    As in the base `GAN`, each phase of a step changes only its own
    network: the discriminator's weights and BatchNorm statistics are left
    as they were by the generator update, and the generator's by the
    discriminator update.

    Args:
        scale: upscaling factor, a power of two (the paper's 4).
        num_blocks: residual blocks of the generator (16).
        filters: channels of the generator (64).
        crop_size: side of the high-resolution training crops, the
            discriminator's input (96); divisible by 16 and by `scale`.
        channels: image channels (3; VGG content losses need 3).
        discriminator_filters: channels of the discriminator's first layer
            (64; up to 8x that).
        dense_units: width of the discriminator's hidden dense layer (1024).

    Example:

    ```python
    model = keras_gans.models.SRGAN.from_preset("tiny")
    model.compile(phase="mse")
    model.fit(low_res, high_res, epochs=1, batch_size=16)
    model.compile(phase="gan", content_loss="mse")  # "vgg54": see docs
    model.fit(low_res, high_res, epochs=1, batch_size=16)
    upscaled = model.upscale(image)
    ```

    Reference:
        Ledig et al., "Photo-Realistic Single Image Super-Resolution Using a
        Generative Adversarial Network", CVPR 2017.
    """

    def __init__(
        self,
        scale=4,
        num_blocks=16,
        filters=64,
        crop_size=96,
        channels=3,
        discriminator_filters=64,
        dense_units=1024,
        **kwargs,
    ):
        if (
            isinstance(scale, bool)
            or not isinstance(scale, int)
            or scale < 2
            or scale & (scale - 1)
        ):
            raise ValueError(
                "Expected `scale` to be a power of two (2, 4, 8, ...). "
                f"Received: scale={scale!r}"
            )
        check_positive_ints(
            1,
            num_blocks=num_blocks,
            filters=filters,
            discriminator_filters=discriminator_filters,
            dense_units=dense_units,
        )
        check_positive_ints(16, crop_size=crop_size)
        if crop_size % 16 or crop_size % scale:
            raise ValueError(
                "Expected `crop_size` divisible by 16 (the discriminator "
                f"halves it four times) and by scale={scale}. "
                f"Received: crop_size={crop_size!r}"
            )
        if channels not in (1, 3):
            raise ValueError(
                "Expected `channels` to be 1 or 3. "
                f"Received: channels={channels!r}"
            )
        kwargs.pop("generator", None)
        kwargs.pop("discriminator", None)
        super().__init__(**kwargs)
        self.scale = scale
        self.num_blocks = num_blocks
        self.filters = filters
        self.crop_size = crop_size
        self.channels = channels
        self.discriminator_filters = discriminator_filters
        self.dense_units = dense_units
        self.generator = srresnet_generator(
            scale, num_blocks, filters, channels
        )
        self.discriminator = srgan_discriminator(
            crop_size, channels, discriminator_filters, dense_units
        )
        self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
        self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
        self.content_loss_tracker = keras.metrics.Mean(name="content_loss")
        self.adversarial_loss_tracker = keras.metrics.Mean(
            name="adversarial_loss"
        )
        self.psnr_tracker = keras.metrics.Mean(name="psnr")
        self.ssim_tracker = keras.metrics.Mean(name="ssim")
        self.phase = None
        self.built = True

    _presets = PRESETS

    # ------------------------------------------------------------------
    # Compilation

    def default_optimizers(self, phase):
        """Fresh (generator, discriminator) optimizers of the paper.

        Adam with beta_1 = 0.9: at 1e-4 for the `"mse"` phase (10^6 updates
        in the paper); in the `"gan"` phase at 1e-4 for 10^5 updates, then
        1e-5. The discriminator's is None in the `"mse"` phase.
        """
        if phase == "mse":
            return keras.optimizers.Adam(1e-4, beta_1=0.9), None
        schedules = [
            keras.optimizers.schedules.PiecewiseConstantDecay(
                [100_000], [1e-4, 1e-5]
            )
            for _ in range(2)
        ]
        return tuple(keras.optimizers.Adam(s, beta_1=0.9) for s in schedules)

    def compile(
        self,
        phase="mse",
        g_optimizer=None,
        d_optimizer=None,
        content_loss="vgg54",
        adversarial_weight=1e-3,
        loss="non_saturating",
        **kwargs,
    ):
        """Configures one training phase.

        Args:
            phase: `"mse"` (generator on the pixel loss: SRResNet-MSE) or
                `"gan"` (adversarial training with `content_loss`).
            g_optimizer: the generator's optimizer; defaults from the paper
                (`default_optimizers`).
            d_optimizer: the discriminator's (phase `"gan"` only; unused in
                phase `"mse"`).
            content_loss: phase `"gan"`: `"vgg54"` (the paper's SRGAN),
                `"vgg22"`, `"mse"` (SRGAN-MSE, no pretrained network
                needed), or a `keras_gans.losses.VGGContentLoss` /
                `PixelLoss` instance. VGG losses need the ImageNet VGG19
                weights and raise `MissingWeightsError`, saying how to
                provide them, when they are unavailable.
            adversarial_weight: weight of the adversarial term (1e-3).
            loss: adversarial loss, a `keras_gans.losses` name or object;
                `"non_saturating"` is the paper's -log D(G(x)).
            **kwargs: passed to `keras.Model.compile` (`jit_compile`,
                `run_eagerly`, `steps_per_execution`).
        """
        for key in ("optimizer", "metrics", "loss_weights"):
            if key in kwargs:
                raise ValueError(
                    f"SRGAN.compile does not take `{key}`; use g_optimizer, "
                    f"d_optimizer, content_loss and loss. "
                    f"Received: {key}={kwargs[key]!r}"
                )
        if phase not in PHASES:
            raise ValueError(
                f"Expected `phase` to be one of {PHASES}. "
                f"Received: phase={phase!r}"
            )
        if (
            isinstance(adversarial_weight, bool)
            or not isinstance(adversarial_weight, (int, float))
            or adversarial_weight < 0
        ):
            raise ValueError(
                "Expected `adversarial_weight` to be a non-negative number. "
                f"Received: adversarial_weight={adversarial_weight!r}"
            )
        defaults = self.default_optimizers(phase)
        g_optimizer = defaults[0] if g_optimizer is None else g_optimizer
        _check_optimizer("g_optimizer", g_optimizer)
        if phase == "mse":
            d_optimizer = None
            content = content_losses.PixelLoss()
        else:
            d_optimizer = defaults[1] if d_optimizer is None else d_optimizer
            _check_optimizer("d_optimizer", d_optimizer)
            if g_optimizer is d_optimizer:
                raise ValueError(
                    "Expected two distinct optimizer instances: the "
                    "generator and the discriminator each need their own "
                    f"state. Received: g_optimizer is d_optimizer "
                    f"({g_optimizer!r})"
                )
            # Loaded here, before any training, so that missing weights
            # stop the run at once.
            content = content_losses.get(content_loss)
            if (
                isinstance(content, content_losses.VGGContentLoss)
                and self.channels != 3
            ):
                raise ValueError(
                    "Expected RGB images (channels=3) for a VGG content "
                    f"loss. Received: channels={self.channels}, "
                    f"content_loss={content!r}"
                )
        if keras.config.dtype_policy().name == "mixed_float16":
            g_optimizer = keras.optimizers.LossScaleOptimizer(g_optimizer)
            if d_optimizer is not None:
                d_optimizer = keras.optimizers.LossScaleOptimizer(d_optimizer)
        super().compile(optimizer=None, **kwargs)
        self.phase = phase
        self.g_optimizer = g_optimizer
        self.d_optimizer = d_optimizer
        self.content_loss = content
        self.adversarial_weight = float(adversarial_weight)
        self.loss_fn = losses_module.get(loss)
        pairs = [(g_optimizer, lambda: self.generator.trainable_variables)]
        if d_optimizer is not None:
            pairs.append(
                (d_optimizer, lambda: self.discriminator.trainable_variables)
            )
        self.optimizer = _OptimizerGroup(pairs)

    @property
    def variant(self):
        """The paper's name of what the current phase trains, or None.

        `"SRResNet-MSE"` in phase `"mse"`; `"SRGAN-MSE"`, `"SRGAN-VGG54"`,
        `"SRGAN-VGG22"` in phase `"gan"`, after the content loss.
        """
        if self.phase is None:
            return None
        if self.phase == "mse":
            return "SRResNet-MSE"
        return "SRGAN-" + self.content_loss.name.upper()

    def get_compile_config(self):
        if not getattr(self, "compiled", False) or self.phase is None:
            return {}
        ser = keras.saving.serialize_keras_object
        config = {
            "phase": self.phase,
            "g_optimizer": ser(self.g_optimizer),
            "adversarial_weight": self.adversarial_weight,
            "loss": ser(self.loss_fn),
        }
        if self.phase == "gan":
            config["d_optimizer"] = ser(self.d_optimizer)
            config["content_loss"] = ser(self.content_loss)
        return config

    def compile_from_config(self, config):
        config = dict(config)
        des = keras.saving.deserialize_keras_object
        for key in ("g_optimizer", "d_optimizer", "loss", "content_loss"):
            if isinstance(config.get(key), dict):
                config[key] = des(config[key])
        self.compile(**config)
        self.optimizer.build()

    @property
    def metrics(self):
        return [
            self.g_loss_tracker,
            self.d_loss_tracker,
            self.content_loss_tracker,
            self.adversarial_loss_tracker,
            self.psnr_tracker,
            self.ssim_tracker,
        ]

    # ------------------------------------------------------------------
    # Inference

    def call(self, low_res, training=False):
        return self.generator(low_res, training=training)

    @property
    def receptive_radius(self):
        """Low-resolution pixels on each side that can reach an output pixel.

        Traced back from an output pixel through the generator: the 9x9
        output convolution, then per upsampling stage a pixel shuffle (to
        the coarser grid) and a 3x3 convolution, then the middle 3x3
        convolution, two 3x3 convolutions per residual block and the 9x9
        input convolution.
        """
        radius = 0
        for phase in range(self.scale):  # output pixels of one input pixel
            low, high = phase - 4, phase + 4
            for _ in range(int(math.log2(self.scale))):
                low, high = low // 2 - 1, high // 2 + 1
            radius = max(radius, -low, high)
        return radius + 1 + 2 * self.num_blocks + 4

    def upscale(self, images, batch_size=8, tile_size=None):
        """Upscales images by `scale`, at any size.

        Args:
            images: one image `(height, width, channels)` or a batch of
                same-sized images `(n, height, width, channels)`, uint8 or
                float in [-1, 1].
            batch_size: images per forward pass.
            tile_size: when set, each image is processed in tiles of this
                many low-resolution pixels a side, each with a margin of
                `receptive_radius` pixels of context, which bounds memory
                for large images. The result equals the untiled one up to
                float round-off (BatchNorm runs with its moving statistics,
                so every output pixel depends on its receptive field only).

        Returns:
            The upscaled image(s), in the input's form: uint8 (rounded) for
            uint8 input, float32 in [-1, 1] otherwise.
        """
        array = np.asarray(images)
        single = array.ndim == 3
        batch = array[None] if single else array
        if batch.ndim != 4 or batch.shape[-1] != self.channels:
            raise ValueError(
                "Expected an image (height, width, channels) or a batch "
                f"(n, height, width, channels) with {self.channels} "
                f"channels. Received: images.shape={array.shape}"
            )
        if tile_size is not None:
            check_positive_ints(1, tile_size=tile_size)
        is_uint8 = batch.dtype == np.uint8
        x = to_unit_range(batch) if is_uint8 else batch.astype("float32")
        if tile_size is None:
            outputs = [
                self._generate(x[i : i + batch_size])
                for i in range(0, len(x), batch_size)
            ]
        else:
            outputs = [self._upscale_tiled(x, tile_size)]
        out = np.clip(np.concatenate(outputs), -1.0, 1.0)
        out = to_uint8(out) if is_uint8 else out
        return out[0] if single else out

    def _generate(self, x):
        out = self.generator(x, training=False)
        return ops.convert_to_numpy(out).astype("float32")

    def _upscale_tiled(self, x, tile):
        n, height, width, channels = x.shape
        s, margin = self.scale, self.receptive_radius
        out = np.empty((n, height * s, width * s, channels), "float32")
        for top in range(0, height, tile):
            for left in range(0, width, tile):
                bottom = min(top + tile, height)
                right = min(left + tile, width)
                # The tile with its context, clipped to the image.
                t, l = max(top - margin, 0), max(left - margin, 0)
                b, r = min(bottom + margin, height), min(right + margin, width)
                y = self._generate(x[:, t:b, l:r])
                out[:, top * s : bottom * s, left * s : right * s] = y[
                    :,
                    (top - t) * s : (bottom - t) * s,
                    (left - l) * s : (right - l) * s,
                ]
        return out

    def benchmark(self, low_res, high_res, batch_size=8):
        """PSNR and SSIM of the model and of bicubic upscaling.

        Both upscalings are rounded to uint8, as saved images would be, and
        scored on the luma channel with a border of `scale` pixels cropped
        (`keras_gans.metrics.psnr` and `ssim`), averaged over the pairs.

        Args:
            low_res: uint8 images `(n, h, w, channels)`.
            high_res: uint8 images `(n, h * scale, w * scale, channels)`.
            batch_size: images per forward pass.

        Returns:
            A dict with `psnr`, `ssim`, `bicubic_psnr`, `bicubic_ssim`.
        """
        low_res, high_res = np.asarray(low_res), np.asarray(high_res)
        if low_res.dtype != np.uint8 or high_res.dtype != np.uint8:
            raise ValueError(
                "Expected uint8 images for `benchmark`. Received: "
                f"low_res.dtype={low_res.dtype}, high_res.dtype="
                f"{high_res.dtype}"
            )
        self._check_pair_shapes(low_res, high_res, "benchmark")
        reference = to_unit_range(high_res)
        upscaled = {
            "": self.upscale(low_res, batch_size=batch_size),
            "bicubic_": np.stack(
                [bicubic_upscale(image, self.scale) for image in low_res]
            ),
        }
        scores = {}
        for prefix, images in upscaled.items():
            images = to_unit_range(images)
            for name, metric in (("psnr", psnr), ("ssim", ssim)):
                values = metric(reference, images, self.scale)
                scores[prefix + name] = float(
                    np.mean(ops.convert_to_numpy(values))
                )
        return scores

    # ------------------------------------------------------------------
    # Data

    def _check_pairs(self, low, high, where):
        """Converts uint8 arrays and checks the shapes of image pairs."""
        if isinstance(low, keras.utils.PyDataset) and high is None:
            first = low[0]
            self._check_pair_shapes(first[0], first[1], where)
            return low, high
        if not isinstance(low, np.ndarray):
            return low, high  # other streams: tf.data, DataLoader, ...
        if not isinstance(high, np.ndarray):
            raise ValueError(
                f"Expected high-resolution targets as `y` ({where}) with "
                "low-resolution arrays as `x`. Received: "
                f"y={type(high).__name__}"
            )
        low = to_unit_range(low) if low.dtype == np.uint8 else low
        high = to_unit_range(high) if high.dtype == np.uint8 else high
        self._check_pair_shapes(low, high, where)
        return low, high

    def _check_pair_shapes(self, low, high, where):
        low_shape, high_shape = tuple(low.shape), tuple(high.shape)
        expected = None
        if len(low_shape) == 4:
            expected = (
                low_shape[0],
                low_shape[1] * self.scale,
                low_shape[2] * self.scale,
                self.channels,
            )
        if (
            expected is None
            or high_shape != expected
            or low_shape[-1] != self.channels
        ):
            raise ValueError(
                f"Expected ({where}) low-resolution images (n, h, w, "
                f"{self.channels}) and high-resolution ones {self.scale}x "
                "larger. Received: low-res shape "
                f"{low_shape}, high-res shape {high_shape}"
            )
        if (
            self.phase == "gan"
            and where == "fit"
            and high_shape[1:3]
            != (
                self.crop_size,
                self.crop_size,
            )
        ):
            raise ValueError(
                "Expected high-resolution crops of crop_size="
                f"{self.crop_size} for the discriminator in phase 'gan'. "
                f"Received: high-res shape {high_shape}"
            )

    def _require_compiled(self):
        if not getattr(self, "compiled", False) or self.phase is None:
            raise RuntimeError(
                "Call `compile(phase=...)` first: `compile(phase='mse')` "
                "pre-trains the generator, `compile(phase='gan')` trains "
                "both networks."
            )

    # ------------------------------------------------------------------
    # Training

    def fit(
        self, x=None, y=None, batch_size=None, validation_data=None, **kwargs
    ):
        """Trains the current phase on `(low_res, high_res)` pairs.

        `x` and `y`: arrays of low- and high-resolution images (uint8, or
        floats in [-1, 1]), or `x` alone: a dataset of such pairs, such as
        `keras_gans.data.super_resolution.SuperResolutionCrops`. Arrays and
        `PyDataset`s are checked before training starts. In phase `"gan"`
        the high-resolution images must be `crop_size` square.
        `validation_data` pairs are scored with PSNR and SSIM.
        """
        self._require_compiled()
        x, y = self._check_pairs(x, y, "fit")
        if isinstance(validation_data, tuple) and len(validation_data) == 2:
            validation_data = self._check_pairs(
                *validation_data, "validation_data"
            )
        return super().fit(
            x,
            y,
            batch_size=batch_size,
            validation_data=validation_data,
            **kwargs,
        )

    def evaluate(self, x=None, y=None, **kwargs):
        """PSNR and SSIM (luma, `scale`-pixel border) of `(low, high)` pairs."""
        self._require_compiled()
        x, y = self._check_pairs(x, y, "evaluate")
        return super().evaluate(x, y, **kwargs)

    def compute_loss(
        self, x=None, y=None, y_pred=None, sample_weight=None, training=True
    ):
        # Keras' test step asks for a loss. The training losses live in the
        # step's own phases; evaluation reports PSNR and SSIM only.
        return ops.zeros((), "float32")

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        # Called by Keras' test step on every backend.
        y_pred = ops.clip(ops.cast(y_pred, "float32"), -1.0, 1.0)
        y = ops.cast(y, "float32")
        # Per-image values: the trackers average over images, not batches.
        self.psnr_tracker.update_state(psnr(y, y_pred, self.scale))
        self.ssim_tracker.update_state(ssim(y, y_pred, self.scale))
        return {
            "psnr": self.psnr_tracker.result(),
            "ssim": self.ssim_tracker.result(),
        }

    def train_step(self, *args):
        return backend.run_train_step(self, self._train_step, args)

    def _train_step(self, data):
        low, high, _ = keras.utils.unpack_x_y_sample_weight(data)
        low = ops.cast(low, self.compute_dtype)
        high = ops.cast(high, self.compute_dtype)
        if self.phase == "mse":
            g_loss, _ = self.pixel_update(low, high)
            self.g_loss_tracker.update_state(g_loss)
            return {"g_loss": self.g_loss_tracker.result()}
        d_loss, _ = self.discriminator_update(low, high)
        g_loss, g_logs = self.generator_update(low, high)
        self.d_loss_tracker.update_state(d_loss)
        self.g_loss_tracker.update_state(g_loss)
        self.content_loss_tracker.update_state(g_logs["content_loss"])
        self.adversarial_loss_tracker.update_state(g_logs["adversarial_loss"])
        return {
            "d_loss": self.d_loss_tracker.result(),
            "g_loss": self.g_loss_tracker.result(),
            "content_loss": self.content_loss_tracker.result(),
            "adversarial_loss": self.adversarial_loss_tracker.result(),
        }

    def pixel_update(self, low_res, high_res):
        """One generator update on the pixel loss (phase `"mse"`)."""

        def loss_fn():
            fake = self.generator(low_res, training=True)
            return self.content_loss(high_res, fake), {}

        return gradient_update(loss_fn, [self.generator], self.g_optimizer)

    def discriminator_loss(self, high_res, fake):
        """The discriminator's loss and extra logs for one update."""
        real_logits = self.discriminator(high_res, training=True)
        fake_logits = self.discriminator(fake, training=True)
        loss = self.loss_fn.discriminator_loss(real_logits, fake_logits)
        return loss, {}

    def generator_loss(self, low_res, high_res):
        """Perceptual loss: content plus weighted adversarial term."""
        fake = self.generator(low_res, training=True)
        content = self.content_loss(high_res, fake)
        fake_logits = self.discriminator(fake, training=True)
        adversarial = self.loss_fn.generator_loss(fake_logits)
        loss = content + self.adversarial_weight * adversarial
        return loss, {"content_loss": content, "adversarial_loss": adversarial}

    def discriminator_update(self, low_res, high_res):
        """One discriminator update; the generator is left unchanged."""
        # The generator runs as in its own phase (training mode) but none
        # of its state may change here.
        fake = run_frozen(
            lambda: self.generator(low_res, training=True), [self.generator]
        )
        fake = ops.stop_gradient(fake)
        return gradient_update(
            lambda: self.discriminator_loss(high_res, fake),
            [self.discriminator],
            self.d_optimizer,
        )

    def generator_update(self, low_res, high_res):
        """One generator update; the discriminator is left unchanged."""
        return gradient_update(
            lambda: self.generator_loss(low_res, high_res),
            [self.generator],
            self.g_optimizer,
            frozen=[self.discriminator],
        )

    # ------------------------------------------------------------------
    # Serialization

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "scale": self.scale,
                "num_blocks": self.num_blocks,
                "filters": self.filters,
                "crop_size": self.crop_size,
                "channels": self.channels,
                "discriminator_filters": self.discriminator_filters,
                "dense_units": self.dense_units,
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)
