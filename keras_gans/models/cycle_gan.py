"""CycleGAN (Zhu, Park, Isola & Efros, 2017)."""

import numpy as np
import keras
from keras import layers
from keras import ops

from keras_gans import backend
from keras_gans import losses as losses_module
from keras_gans.layers import ImageHistoryPool
from keras_gans.layers import ReflectionPadding2D
from keras_gans.layers import ResNetBlock
from keras_gans.layers import patch_discriminator
from keras_gans.layers.normalization import conv_initializer
from keras_gans.layers.normalization import normalization_layer
from keras_gans.models.gan import _OptimizerGroup
from keras_gans.models.gan import _check_optimizer
from keras_gans.models.gan import _float_state
from keras_gans.models._images import as_image_array
from keras_gans.models._images import check_image_shape

# Named configurations. The class defaults are the paper's (256x256); these
# are smaller networks for tests and for the embedded demo.
PRESETS = {
    "tiny": {
        "image_shape": (32, 32, 3),
        "generator_filters": 8,
        "discriminator_filters": 8,
        "num_residual_blocks": 2,
        "discriminator_layers": 2,
        "pool_size": 4,
    },
    "skimage": {
        "image_shape": (32, 32, 3),
        "generator_filters": 32,
        "discriminator_filters": 32,
        "num_residual_blocks": 6,
        "discriminator_layers": 2,
    },
}

DIRECTIONS = ("a_to_b", "b_to_a")


def resnet_generator(
    image_shape, filters=64, num_residual_blocks=9, norm="instance",
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
    divisible by 4; `image_shape` gives the number of channels.

    Args:
        image_shape: `(height, width, channels)`.
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
    channels = image_shape[-1]
    bias = norm != "batch"
    images = keras.Input((None, None, channels), name="images")

    def norm_relu(x, label):
        layer = normalization_layer(norm, name=f"{label}_norm")
        if layer is not None:
            x = layer(x)
        return layers.ReLU(name=f"{label}_relu")(x)

    x = ReflectionPadding2D(3, name="stem_pad")(images)
    x = layers.Conv2D(
        filters, 7, use_bias=bias, kernel_initializer=conv_initializer(),
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
            width, 3, strides=2, use_bias=bias,
            kernel_initializer=conv_initializer(), name=f"down{i + 1}_conv",
        )(x)
        x = norm_relu(x, f"down{i + 1}")
    for i in range(num_residual_blocks):
        x = ResNetBlock(padding="reflect", norm=norm, name=f"block{i + 1}")(x)
    for i in range(2):
        width //= 2
        x = layers.Conv2DTranspose(
            width, 3, strides=2, padding="same", use_bias=bias,
            kernel_initializer=conv_initializer(), name=f"up{i + 1}_conv",
        )(x)
        x = norm_relu(x, f"up{i + 1}")
    x = ReflectionPadding2D(3, name="head_pad")(x)
    outputs = layers.Conv2D(
        channels, 7, activation="tanh", kernel_initializer=conv_initializer(),
        dtype="float32", name="head_conv",
    )(x)
    return keras.Model(images, outputs, name=name)


def linear_decay_factor(epoch, constant_epochs, decay_epochs):
    """The paper's learning rate multiplier for a 0-based `epoch`.

    1 for the first `constant_epochs`, then a linear decay over
    `decay_epochs` more, as in the reference code: `1 - max(0, epoch + 1 -
    constant_epochs) / (decay_epochs + 1)`, which is `1 / (decay_epochs +
    1)` in the last epoch; clipped at 0 after it. `decay_epochs=0` keeps the
    rate constant.
    """
    if decay_epochs == 0:
        return 1.0
    done = max(0, epoch + 1 - constant_epochs)
    return max(0.0, 1.0 - done / (decay_epochs + 1))


class _EpochSchedule(keras.callbacks.Callback):
    """Sets both optimizers' learning rates from the model's epoch counter.

    The counter, `model.epochs_trained`, is a variable saved with the
    model, so a run resumed from a checkpoint continues the schedule where
    it stopped whatever `initial_epoch` says. It is advanced at the end of
    each epoch, before later callbacks (checkpoints) see the model.
    """

    def __init__(self, gan):
        super().__init__()
        self._gan = gan

    def on_epoch_begin(self, epoch, logs=None):
        self._gan._apply_learning_rate()

    def on_epoch_end(self, epoch, logs=None):
        counter = self._gan.epochs_trained
        counter.assign(int(ops.convert_to_numpy(counter.value)) + 1)
        if logs is not None:
            logs["learning_rate"] = self._gan.current_learning_rates()[0]


@keras.saving.register_keras_serializable(package="keras_gans")
class CycleGAN(keras.Model):
    """Unpaired image-to-image translation with cycle consistency.

    Two generators translate between domains A and B (G: A -> B is
    `generator_ab`, F: B -> A is `generator_ba`), and two PatchGAN
    discriminators judge each domain (`discriminator_a` real A against
    F(B), `discriminator_b` real B against G(A)). The generators minimise

        L_GAN(G, D_B) + L_GAN(F, D_A)
        + cycle_weight * (|F(G(a)) - a|_1 + |G(F(b)) - b|_1)
        + identity_weight * cycle_weight * (|G(b) - b|_1 + |F(a) - a|_1)

    with a least-squares adversarial loss, and each discriminator
    minimises its least-squares loss on real images and on generated ones
    drawn from a history of `pool_size` past outputs (`ImageHistoryPool`,
    part of the model's state).

    One training step is one generator update (both generators, one
    optimizer) followed by one discriminator update (both discriminators,
    the other optimizer), on the fakes made in the generator phase, as the
    paper's code does. Each phase leaves the other networks' weights and
    normalisation state untouched.

    Training defaults from the paper: Adam(2e-4, beta_1=0.5) for both
    optimizers, batch size 1, weights from N(0, 0.02), and a learning rate
    that stays constant for `constant_epochs` (100) and then decays
    linearly to zero over `decay_epochs` (100) more; see `compile`.

    `fit` takes the two domains as `x` (A) and `y` (B): uint8 arrays (or
    floats in [-1, 1]) of possibly different lengths, at least as large as
    the model's images (they are randomly cropped and mirrored), or a
    `keras_gans.data.unpaired.RandomCropBatches` yielding `(a, b)`.

    Args:
        image_shape: `(size, size, channels)` of both domains, size
            divisible by 4.
        generator_filters: width of the generators' first layer (64).
        discriminator_filters: width of the discriminators' first layer
            (64).
        num_residual_blocks: residual blocks per generator; by default 9 at
            256x256 and above, 6 below, as in the paper.
        discriminator_layers: stride-2 layers of each PatchGAN; 3 gives the
            paper's 70x70 patches.
        cycle_weight: lambda, the weight of the cycle-consistency loss (10).
        identity_weight: weight of the identity loss as a fraction of
            `cycle_weight` (0.5); 0 drops the term and its two forward
            passes.
        pool_size: generated images kept per discriminator (50).
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

    def __init__(
        self,
        image_shape=(256, 256, 3),
        generator_filters=64,
        discriminator_filters=64,
        num_residual_blocks=None,
        discriminator_layers=3,
        cycle_weight=10.0,
        identity_weight=0.5,
        pool_size=50,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        image_shape = check_image_shape(image_shape, multiple=4)
        if num_residual_blocks is None:
            num_residual_blocks = 9 if image_shape[0] >= 256 else 6
        for arg, value, low in (
            ("generator_filters", generator_filters, 1),
            ("discriminator_filters", discriminator_filters, 1),
            ("num_residual_blocks", num_residual_blocks, 0),
            ("discriminator_layers", discriminator_layers, 1),
            ("pool_size", pool_size, 0),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or (
                value < low
            ):
                raise ValueError(
                    f"Expected `{arg}` to be an int of at least {low}. "
                    f"Received: {arg}={value!r}"
                )
        for arg, value in (
            ("cycle_weight", cycle_weight),
            ("identity_weight", identity_weight),
        ):
            if not isinstance(value, (int, float)) or value < 0:
                raise ValueError(
                    f"Expected `{arg}` to be a non-negative number. "
                    f"Received: {arg}={value!r}"
                )
        self.image_shape = image_shape
        self.generator_filters = generator_filters
        self.discriminator_filters = discriminator_filters
        self.num_residual_blocks = num_residual_blocks
        self.discriminator_layers = discriminator_layers
        self.cycle_weight = float(cycle_weight)
        self.identity_weight = float(identity_weight)
        self.pool_size = pool_size
        self.seed = seed

        def generator(name):
            return resnet_generator(
                image_shape, generator_filters, num_residual_blocks,
                name=name,
            )

        def discriminator(name):
            return patch_discriminator(
                image_shape, discriminator_filters, discriminator_layers,
                norm="instance", name=name,
            )

        self.generator_ab = generator("generator_ab")
        self.generator_ba = generator("generator_ba")
        self.discriminator_a = discriminator("discriminator_a")
        self.discriminator_b = discriminator("discriminator_b")
        pool_seed = None if seed is None else seed + 1
        self.pool_a = ImageHistoryPool(
            pool_size, image_shape, seed=pool_seed, name="pool_a"
        )
        self.pool_b = ImageHistoryPool(
            pool_size,
            image_shape,
            seed=None if seed is None else seed + 2,
            name="pool_b",
        )
        self.epochs_trained = self.add_weight(
            shape=(),
            initializer="zeros",
            dtype="int32",
            trainable=False,
            name="epochs_trained",
        )
        self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
        self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
        self.cycle_loss_tracker = keras.metrics.Mean(name="cycle_loss")
        self.identity_loss_tracker = keras.metrics.Mean(name="identity_loss")
        self.built = True

    @classmethod
    def from_preset(cls, name, **overrides):
        """A CycleGAN from a named preset: one of `CycleGAN.presets()`."""
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
        """Fresh (generator, discriminator) optimizers: the paper's Adam."""
        return (
            keras.optimizers.Adam(2e-4, beta_1=0.5),
            keras.optimizers.Adam(2e-4, beta_1=0.5),
        )

    def compile(
        self,
        g_optimizer=None,
        d_optimizer=None,
        loss="least_squares",
        constant_epochs=100,
        decay_epochs=100,
        **kwargs,
    ):
        """Configures training.

        Args:
            g_optimizer: optimizer of both generators (the paper's Adam by
                default).
            d_optimizer: optimizer of both discriminators; a different
                instance from `g_optimizer`.
            loss: adversarial loss, a name from `keras_gans.losses.names()`
                or an instance; the paper uses least squares.
            constant_epochs: epochs at the initial learning rate.
            decay_epochs: epochs of linear decay to zero after them (0: a
                constant rate). The schedule follows `epochs_trained`, a
                counter saved with the model; see `linear_decay_factor`.
            **kwargs: passed to `keras.Model.compile` (`jit_compile`,
                `run_eagerly`, `steps_per_execution`).
        """
        for key in ("optimizer", "metrics", "loss_weights"):
            if key in kwargs:
                raise ValueError(
                    f"CycleGAN.compile does not take `{key}`; use "
                    "g_optimizer, d_optimizer and loss. "
                    f"Received: {key}={kwargs[key]!r}"
                )
        for arg, value in (
            ("constant_epochs", constant_epochs),
            ("decay_epochs", decay_epochs),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or (
                value < 0
            ):
                raise ValueError(
                    f"Expected `{arg}` to be a non-negative int. "
                    f"Received: {arg}={value!r}"
                )
        defaults = self.default_optimizers()
        g_optimizer = defaults[0] if g_optimizer is None else g_optimizer
        d_optimizer = defaults[1] if d_optimizer is None else d_optimizer
        _check_optimizer("g_optimizer", g_optimizer)
        _check_optimizer("d_optimizer", d_optimizer)
        if g_optimizer is d_optimizer:
            raise ValueError(
                "Expected two distinct optimizer instances: the generators "
                "and the discriminators each need their own optimizer "
                f"state. Received: g_optimizer is d_optimizer "
                f"({g_optimizer!r})"
            )
        base_rates = []
        for arg, opt in (("g_optimizer", g_optimizer), ("d_optimizer", d_optimizer)):
            rate = opt.learning_rate
            if decay_epochs and not isinstance(rate, keras.Variable):
                raise ValueError(
                    "Expected optimizers with a constant learning rate when "
                    "decay_epochs > 0 (the epoch schedule sets it). "
                    f"Received: {arg}.learning_rate={rate!r}"
                )
            base_rates.append(
                float(ops.convert_to_numpy(rate))
                if isinstance(rate, keras.Variable)
                else None
            )
        self.loss_fn = losses_module.get(loss)
        if keras.config.dtype_policy().name == "mixed_float16":
            g_optimizer = keras.optimizers.LossScaleOptimizer(g_optimizer)
            d_optimizer = keras.optimizers.LossScaleOptimizer(d_optimizer)
        super().compile(optimizer=None, **kwargs)
        self.g_optimizer = g_optimizer
        self.d_optimizer = d_optimizer
        self.constant_epochs = constant_epochs
        self.decay_epochs = decay_epochs
        self.base_learning_rates = tuple(base_rates)
        self.optimizer = _OptimizerGroup(
            [
                (g_optimizer, lambda: self._generator_variables()),
                (d_optimizer, lambda: self._discriminator_variables()),
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
            "constant_epochs": self.constant_epochs,
            "decay_epochs": self.decay_epochs,
            "base_learning_rates": list(self.base_learning_rates),
        }

    def compile_from_config(self, config):
        config = dict(config)
        des = keras.saving.deserialize_keras_object
        for key in ("g_optimizer", "d_optimizer", "loss"):
            if isinstance(config.get(key), dict):
                config[key] = des(config[key])
        # The optimizers were saved with their decayed rates; the schedule
        # needs the rates it started from.
        base_rates = config.pop("base_learning_rates", None)
        self.compile(**config)
        if base_rates is not None:
            self.base_learning_rates = tuple(base_rates)
        self.optimizer.build()

    def _generator_variables(self):
        return (
            self.generator_ab.trainable_variables
            + self.generator_ba.trainable_variables
        )

    def _discriminator_variables(self):
        return (
            self.discriminator_a.trainable_variables
            + self.discriminator_b.trainable_variables
        )

    @property
    def metrics(self):
        return [
            self.g_loss_tracker,
            self.d_loss_tracker,
            self.cycle_loss_tracker,
            self.identity_loss_tracker,
        ]

    # ------------------------------------------------------------------
    # Learning rate schedule

    def learning_rate_factor(self, epoch=None):
        """The schedule's multiplier for a 0-based epoch (by default the
        next one to train, `epochs_trained`)."""
        if epoch is None:
            epoch = int(ops.convert_to_numpy(self.epochs_trained.value))
        return linear_decay_factor(
            epoch, self.constant_epochs, self.decay_epochs
        )

    def current_learning_rates(self):
        return [
            float(ops.convert_to_numpy(opt.learning_rate))
            for opt in (self.g_optimizer, self.d_optimizer)
        ]

    def _apply_learning_rate(self):
        factor = self.learning_rate_factor()
        for opt, base in zip(
            (self.g_optimizer, self.d_optimizer), self.base_learning_rates
        ):
            if base is not None:
                opt.learning_rate = base * factor

    # ------------------------------------------------------------------
    # Inference

    def call(self, images, training=False):
        return self.generator_ab(images, training=training)

    def translate(self, images, direction="a_to_b", batch_size=32):
        """Translates images from one domain to the other.

        Args:
            images: uint8 in [0, 255] or floats in [-1, 1], `(n, h, w, c)`
                or one `(h, w, c)` image, with the model's channels and
                h, w divisible by 4 (any size: the generators are fully
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
        generator = (
            self.generator_ab if direction == "a_to_b" else self.generator_ba
        )
        images, single = as_image_array(
            images, "images", channels=self.image_shape[-1], multiple=4
        )
        outputs = [
            ops.convert_to_numpy(
                generator(images[i : i + batch_size], training=False)
            )
            for i in range(0, len(images), batch_size)
        ]
        outputs = np.clip(np.concatenate(outputs).astype("float32"), -1, 1)
        return outputs[0] if single else outputs

    # ------------------------------------------------------------------
    # Training

    def fit(self, x=None, y=None, batch_size=None, callbacks=None, **kwargs):
        """Trains on images of domain A (`x`) and domain B (`y`).

        Arrays are wrapped in a `RandomCropBatches` (random crops of the
        model's size, mirroring, an epoch being one pass over the larger
        domain; `batch_size` defaults to 1, the paper's). A `PyDataset` or
        other stream must yield `(a, b)` batches in [-1, 1] and is passed
        on as is. The epoch schedule of the learning rate is added to the
        callbacks.
        """
        from keras_gans.data.unpaired import RandomCropBatches

        if not getattr(self, "compiled", False):
            raise RuntimeError(
                "Call `compile()` before `fit()`; the defaults give the "
                "paper's settings: `model.compile()`."
            )
        if isinstance(x, (np.ndarray, list)):
            if y is None:
                raise ValueError(
                    "Expected images of both domains: fit(x=images_a, "
                    "y=images_b). Received: y=None"
                )
            x = RandomCropBatches(
                self._check_domain(x, "x"),
                self._check_domain(y, "y"),
                batch_size=batch_size or 1,
                image_size=self.image_shape[0],
                seed=self.seed,
            )
            y, batch_size = None, None
        callbacks = [_EpochSchedule(self)] + list(callbacks or [])
        return super().fit(
            x, y, batch_size=batch_size, callbacks=callbacks, **kwargs
        )

    def _check_domain(self, images, arg):
        images = np.asarray(images)
        size, _, channels = self.image_shape
        if (
            images.ndim != 4
            or images.shape[-1] != channels
            or min(images.shape[1:3]) < size
        ):
            raise ValueError(
                f"Expected `{arg}` as images (n, h, w, {channels}) of at "
                f"least {size}x{size}, the model's image_shape "
                f"{self.image_shape}, for both domains. "
                f"Received: {arg}.shape={images.shape}"
            )
        return images

    def train_step(self, *args):
        return backend.run_train_step(self, self._train_step, args)

    def _train_step(self, data):
        real_a, real_b = keras.utils.unpack_x_y_sample_weight(data)[:2]
        real_a = ops.cast(real_a, self.compute_dtype)
        real_b = ops.cast(real_b, self.compute_dtype)

        # Generator update; it returns the fakes the discriminators judge.
        g_loss, g_logs, fake_a, fake_b = self.generator_update(real_a, real_b)

        # Discriminator update, on fakes drawn from the history pools.
        d_loss, d_logs = self.discriminator_update(
            real_a, real_b, fake_a, fake_b
        )

        # Metrics.
        self.g_loss_tracker.update_state(g_loss)
        self.d_loss_tracker.update_state(d_loss)
        self.cycle_loss_tracker.update_state(g_logs["cycle_loss"])
        self.identity_loss_tracker.update_state(g_logs["identity_loss"])
        return {m.name: m.result() for m in self.metrics}

    def _adversarial_scale(self):
        # keras_gans' least-squares loss halves the generator's term, as in
        # Mao et al.; CycleGAN's objective (and reference code) does not,
        # and its weights 10 and 5 are relative to the full term.
        if isinstance(self.loss_fn, losses_module.LeastSquaresLoss):
            return 2.0
        return 1.0

    def generator_loss(self, real_a, real_b):
        """The generators' objective, its parts, and the two fakes."""
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
            identity = _l1(
                self.generator_ab(real_b, training=True), real_b
            ) + _l1(self.generator_ba(real_a, training=True), real_a)
        else:
            identity = ops.zeros((), "float32")
        total = (
            adversarial
            + self.cycle_weight * cycle
            + self.identity_weight * self.cycle_weight * identity
        )
        logs = {"cycle_loss": cycle, "identity_loss": identity}
        fakes = (ops.stop_gradient(fake_a), ops.stop_gradient(fake_b))
        return total, (logs, fakes)

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
        return loss_a + loss_b, {}

    def generator_update(self, real_a, real_b):
        """One update of both generators; the discriminators are left as
        they were. Returns the loss, its logs and the fakes (A, B)."""
        d_state = _float_state(self.discriminator_a) + _float_state(
            self.discriminator_b
        )
        saved = [ops.copy(v.value) for v in d_state]
        variables = self._generator_variables()
        (loss, (logs, (fake_a, fake_b))), grads = backend.value_and_grad(
            lambda: self.generator_loss(real_a, real_b),
            variables,
            self.g_optimizer,
        )
        backend.apply_gradients(self.g_optimizer, grads, variables)
        for v, value in zip(d_state, saved):
            v.assign(value)
        return loss, logs, fake_a, fake_b

    def discriminator_update(self, real_a, real_b, fake_a, fake_b):
        """One update of both discriminators on pooled fakes."""
        fake_a = self.pool_a(fake_a)
        fake_b = self.pool_b(fake_b)
        variables = self._discriminator_variables()
        (loss, logs), grads = backend.value_and_grad(
            lambda: self.discriminator_loss(real_a, real_b, fake_a, fake_b),
            variables,
            self.d_optimizer,
        )
        backend.apply_gradients(self.d_optimizer, grads, variables)
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
                "cycle_weight": self.cycle_weight,
                "identity_weight": self.identity_weight,
                "pool_size": self.pool_size,
                "seed": self.seed,
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _l1(x, y):
    return ops.mean(ops.abs(ops.cast(x, "float32") - ops.cast(y, "float32")))
