"""The GAN base model: a generator, a discriminator and one training step
that runs under TensorFlow, JAX and PyTorch."""

import warnings

import numpy as np
import keras
from keras import ops

from keras_gans import augmentation
from keras_gans import backend
from keras_gans import losses as losses_module


class _OptimizerGroup:
    """Stands in for `Model.optimizer` so Keras' trainers see both optimizers.

    Keras threads `model.optimizer.variables` through its JAX state and
    builds `model.optimizer` before the first step. A GAN has two optimizers,
    each updating its own network, so this object exposes their variables as
    one list and builds each on its own network's weights. Keras' learning
    rate callbacks, which expect a single optimizer, do not apply here.
    """

    def __init__(self, pairs):
        # (optimizer, callable returning the variables it updates)
        self._pairs = list(pairs)

    @property
    def optimizers(self):
        return [opt for opt, _ in self._pairs]

    @property
    def variables(self):
        return [v for opt in self.optimizers for v in opt.variables]

    @property
    def built(self):
        return all(opt.built for opt in self.optimizers)

    def build(self, var_list=None):
        for opt, get_variables in self._pairs:
            if not opt.built:
                opt.build(get_variables())

    def scale_loss(self, loss):
        return loss

    @property
    def iterations(self):
        return self.optimizers[0].iterations


def _float_state(model):
    """Non-trainable float variables: normalisation statistics and the like.

    Integer state (seed generators, counters) is left out: it must advance.
    """
    return [v for v in model.non_trainable_variables if "float" in str(v.dtype)]


def run_frozen(fn, networks):
    """Calls `fn()`, then puts back the float state of `networks`.

    A network called in training mode outside its own phase (dropout,
    batch statistics) must not change: its BatchNorm statistics and other
    float state are copied before and assigned back after. Returns what
    `fn` returns.
    """
    state = [v for net in networks for v in _float_state(net)]
    saved = [ops.copy(v.value) for v in state]
    result = fn()
    for v, value in zip(state, saved):
        v.assign(value)
    return result


def gradient_update(loss_fn, networks, optimizer, frozen=()):
    """One optimizer step of `networks`' trainable weights on `loss_fn`.

    Args:
        loss_fn: a function of no arguments returning `(loss, aux)`.
        networks: the networks whose trainable weights are updated.
        optimizer: the optimizer that updates them.
        frozen: networks that `loss_fn` calls in training mode but that
            must not change (see `run_frozen`).

    Returns:
        `(loss, aux)` as returned by `loss_fn`.
    """
    variables = [v for net in networks for v in net.trainable_variables]

    def step():
        out, grads = backend.value_and_grad(loss_fn, variables, optimizer)
        backend.apply_gradients(optimizer, grads, variables)
        return out

    return run_frozen(step, frozen)


def _check_optimizer(name, optimizer):
    if not isinstance(optimizer, keras.optimizers.Optimizer):
        raise ValueError(
            f"Expected `{name}` to be a keras.optimizers.Optimizer instance. "
            f"Received: {name}={optimizer!r}"
        )


@keras.saving.register_keras_serializable(package="keras_gans")
class GAN(keras.Model):
    """A generative adversarial network trained with `fit`.

    Holds a generator, which maps latent vectors to images in [-1, 1], and a
    discriminator, which maps images to one logit each. `fit` alternates
    `d_steps` discriminator updates with one generator update.

    The training step is written once with `keras.ops`: it is traced into a
    graph on TensorFlow, jitted on JAX and runs eagerly on PyTorch. Each
    phase only changes its own network: in the generator phase the
    discriminator runs in training mode (batch statistics), but its weights
    and normalisation statistics are left as they were, and likewise for the
    generator during the discriminator phase.

    Batches and discriminator updates: `batch_size` always means images per
    update. With `d_steps=k`, every discriminator update sees its own fresh
    real images: `fit` on arrays draws `k * batch_size` images per step and
    splits them into `k` updates; streamed data (tf.data, torch DataLoader,
    PyDataset) has `k` consecutive batches joined per step. One epoch is
    therefore one pass of the discriminator over the data, with
    `1 / k` as many generator updates. Images that would make a step
    incomplete are left out, so every update has the same size: for arrays
    a random few (fewer than one step's worth, chosen once), for streams
    the incomplete last batch of each pass (see
    `keras_gans.data.prepare_fit_data`).

    Args:
        generator: a Keras model mapping `(batch, latent_dim)` latents to
            `(batch, height, width, channels)` images ending in tanh.
        discriminator: a Keras model mapping those images to `(batch, 1)`
            logits (no activation).
        latent_dim: size of the latent vectors. Read from the generator's
            input shape when omitted; required for an unbuilt generator.
        seed: int seed of the model's `keras.random.SeedGenerator`, from
            which every training step draws its latents.

    Example:

    ```python
    gan = keras_gans.models.DCGAN.from_preset("tiny")
    gan.compile()
    gan.fit(images, epochs=1, batch_size=32)
    samples = gan.generate(16, seed=0)
    ```
    """

    def __init__(
        self, generator, discriminator, latent_dim=None, seed=None, **kwargs
    ):
        super().__init__(**kwargs)
        for arg, net in (
            ("generator", generator),
            ("discriminator", discriminator),
        ):
            if not isinstance(net, keras.Model):
                raise ValueError(
                    f"Expected `{arg}` to be a keras.Model. "
                    f"Received: {arg}={net!r}"
                )
        if latent_dim is None:
            if not generator.built:
                raise ValueError(
                    "Pass `latent_dim` when the generator is not built yet. "
                    "Received: latent_dim=None"
                )
            latent_dim = generator.input_shape[-1]
        if not isinstance(latent_dim, int) or latent_dim < 1:
            raise ValueError(
                "Expected `latent_dim` to be a positive int. "
                f"Received: latent_dim={latent_dim!r}"
            )
        self.generator = generator
        self.discriminator = discriminator
        self.latent_dim = latent_dim
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed, name="latents")
        self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
        self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
        self.image_shape = self._build_networks()
        self.d_steps = 1
        self.ema_decay = None
        self.ema_generator = None
        self.built = True

    def _build_networks(self):
        fake = self.generator(ops.zeros((2, self.latent_dim)))
        image_shape = tuple(int(d) for d in fake.shape[1:])
        logits = self.discriminator(fake)
        if tuple(logits.shape[1:]) not in ((1,), ()):
            raise ValueError(
                "Expected the discriminator to return one logit per image, "
                "shape (batch, 1). Received: discriminator output shape "
                f"{tuple(logits.shape)}"
            )
        return image_shape

    # ------------------------------------------------------------------
    # Compilation

    def default_optimizers(self):
        """Fresh (generator, discriminator) optimizers for `compile()`."""
        return (
            keras.optimizers.Adam(2e-4, beta_1=0.5),
            keras.optimizers.Adam(2e-4, beta_1=0.5),
        )

    def compile(
        self,
        g_optimizer=None,
        d_optimizer=None,
        loss="non_saturating",
        d_steps=1,
        augment=None,
        ema_decay=None,
        **kwargs,
    ):
        """Configures training.

        Args:
            g_optimizer: optimizer of the generator. Defaults to the model's
                paper defaults (`default_optimizers()`).
            d_optimizer: optimizer of the discriminator; must be a different
                instance from `g_optimizer` (each keeps its own moments).
            loss: adversarial loss, a name from `keras_gans.losses.names()`
                or a `keras_gans.losses.AdversarialLoss`.
            d_steps: discriminator updates per generator update.
            augment: None, or a DiffAugment policy string such as
                `"color,translation,cutout"` or a
                `keras_gans.augmentation.DiffAugment`, applied to real and
                generated images before every discriminator call.
            ema_decay: keep an exponential moving average of the
                generator's weights with this decay (e.g. 0.999), in a
                separate `ema_generator` used by `generate` and evaluation;
                None for none (a model that already has one keeps it). It
                is saved with the model and restored by `load_model`. See
                `update_ema_generator` for the warm-up.
            **kwargs: passed to `keras.Model.compile` (`jit_compile`,
                `run_eagerly`, `steps_per_execution`).
        """
        for key in ("optimizer", "metrics", "loss_weights"):
            if key in kwargs:
                raise ValueError(
                    f"GAN.compile does not take `{key}`; use g_optimizer, "
                    f"d_optimizer and loss. Received: {key}={kwargs[key]!r}"
                )
        defaults = self.default_optimizers()
        g_optimizer = defaults[0] if g_optimizer is None else g_optimizer
        d_optimizer = defaults[1] if d_optimizer is None else d_optimizer
        _check_optimizer("g_optimizer", g_optimizer)
        _check_optimizer("d_optimizer", d_optimizer)
        if g_optimizer is d_optimizer:
            raise ValueError(
                "Expected two distinct optimizer instances: the generator "
                "and the discriminator each need their own optimizer state. "
                f"Received: g_optimizer is d_optimizer ({g_optimizer!r})"
            )
        if (
            isinstance(d_steps, bool)
            or not isinstance(d_steps, int)
            or d_steps < 1
        ):
            raise ValueError(
                "Expected `d_steps` to be a positive int. "
                f"Received: d_steps={d_steps!r}"
            )
        if ema_decay is not None and (
            isinstance(ema_decay, bool)
            or not isinstance(ema_decay, (int, float))
            or not 0.0 < ema_decay < 1.0
        ):
            raise ValueError(
                "Expected `ema_decay` to be a float in (0, 1) or None. "
                f"Received: ema_decay={ema_decay!r}"
            )
        self.loss_fn = losses_module.get(loss)
        self.augment = augmentation.get(augment)
        if keras.config.dtype_policy().name == "mixed_float16":
            # Each optimizer scales its own loss.
            g_optimizer = keras.optimizers.LossScaleOptimizer(g_optimizer)
            d_optimizer = keras.optimizers.LossScaleOptimizer(d_optimizer)
        super().compile(optimizer=None, **kwargs)
        self.g_optimizer = g_optimizer
        self.d_optimizer = d_optimizer
        self.d_steps = d_steps
        self._set_ema(ema_decay)
        self.optimizer = _OptimizerGroup(
            [
                (g_optimizer, lambda: self.generator.trainable_variables),
                (d_optimizer, lambda: self.discriminator.trainable_variables),
            ]
        )
        self._compile_args = {
            "loss": self.loss_fn,
            "d_steps": d_steps,
            "augment": self.augment,
        }

    def get_compile_config(self):
        if not getattr(self, "compiled", False):
            return {}
        ser = keras.saving.serialize_keras_object
        config = {
            "g_optimizer": ser(self.g_optimizer),
            "d_optimizer": ser(self.d_optimizer),
            "loss": ser(self.loss_fn),
            "d_steps": self.d_steps,
            "augment": ser(self.augment),
            "ema_decay": self.ema_decay,
        }
        config.update(self._extra_compile_config())
        return config

    def _extra_compile_config(self):
        """Subclasses add the compile arguments they introduce."""
        return {}

    def compile_from_config(self, config):
        config = dict(config)
        des = keras.saving.deserialize_keras_object
        for key in ("g_optimizer", "d_optimizer", "loss", "augment"):
            if isinstance(config.get(key), dict):
                config[key] = des(config[key])
        self.compile(**config)
        self.optimizer.build()

    @property
    def metrics(self):
        return [self.d_loss_tracker, self.g_loss_tracker]

    # ------------------------------------------------------------------
    # Inference

    def call(self, latents, training=False):
        return self.generator(latents, training=training)

    def sample_latents(self, num_images, seed=None):
        """Standard normal latents as a float32 numpy array."""
        rng = np.random.default_rng(seed)
        return rng.standard_normal((num_images, self.latent_dim)).astype(
            "float32"
        )

    def generate(
        self,
        num_images=None,
        seed=None,
        latents=None,
        batch_size=256,
        use_ema=True,
    ):
        """Generates images in [-1, 1] as a numpy array.

        Args:
            num_images: how many images to draw (ignored with `latents`).
            seed: int seed for the latents; the same seed gives the same
                latents on every backend.
            latents: an array of shape `(num_images, latent_dim)` to use
                instead of random latents.
            batch_size: images per forward pass.
            use_ema: use the EMA generator when the model keeps one.
        """
        generator = self.generator
        if use_ema and self.ema_generator is not None:
            generator = self.ema_generator
        if latents is None:
            if not isinstance(num_images, (int, np.integer)) or num_images < 1:
                raise ValueError(
                    "Expected `num_images` to be a positive int (or pass "
                    f"`latents`). Received: num_images={num_images!r}"
                )
            latents = self.sample_latents(int(num_images), seed)
        latents = np.asarray(latents, dtype="float32")
        if latents.ndim != 2 or latents.shape[1] != self.latent_dim:
            raise ValueError(
                f"Expected `latents` of shape (num_images, {self.latent_dim}). "
                f"Received: latents.shape={latents.shape}"
            )
        outputs = []
        for start in range(0, len(latents), batch_size):
            chunk = latents[start : start + batch_size]
            images = generator(chunk, training=False)
            outputs.append(ops.convert_to_numpy(images))
        return np.clip(np.concatenate(outputs).astype("float32"), -1.0, 1.0)

    # ------------------------------------------------------------------
    # Training

    def fit(self, x=None, y=None, batch_size=None, **kwargs):
        """Trains the GAN; `x` holds real images (labels are ignored).

        Accepts numpy arrays (uint8 in [0, 255] or floats in [-1, 1]),
        `tf.data.Dataset`, torch `DataLoader` and `keras.utils.PyDataset`.
        Arrays are checked before training starts and streams on their first
        batch. `batch_size` is the number of images per update (see the
        class docstring for `d_steps`).
        """
        from keras_gans.data import prepare_fit_data

        if not getattr(self, "compiled", False):
            raise RuntimeError(
                "Call `compile()` before `fit()`; the defaults give the "
                "model's paper settings: `model.compile()`."
            )
        x, batch_size = prepare_fit_data(
            x,
            image_shape=self.image_shape,
            batch_size=batch_size,
            group=self.d_steps,
            seed=self.seed,
        )
        # Labels of arrays go in as `y`, so that every kind of input reaches
        # the step as `(images, labels)`.
        x, y = x if isinstance(x, tuple) else (x, None)
        return super().fit(x, y, batch_size=batch_size, **kwargs)

    def train_step(self, *args):
        return backend.run_train_step(self, self._train_step, args)

    def _train_step(self, data):
        real = keras.utils.unpack_x_y_sample_weight(data)[0]
        # Recorded at trace time; tests use it to check nothing fell back to
        # eager execution where a compiled step is expected.
        self._step_was_compiled = backend.in_compiled_step()
        real = ops.cast(real, self.compute_dtype)
        # The batch holds `d_steps` updates' worth of real images.
        chunks = ops.reshape(real, (self.d_steps, -1) + self.image_shape)
        logs = {}
        for i in range(self.d_steps):
            d_loss, d_logs = self.discriminator_update(chunks[i])
            logs.update(d_logs)
        batch = ops.shape(chunks)[1]
        g_loss, g_logs = self.generator_update(batch)
        logs.update(g_logs)
        if self.ema_generator is not None:
            self.update_ema_generator()
        self.d_loss_tracker.update_state(d_loss)
        self.g_loss_tracker.update_state(g_loss)
        logs["d_loss"] = self.d_loss_tracker.result()
        logs["g_loss"] = self.g_loss_tracker.result()
        return logs

    def draw_latents(self, batch_size):
        """Standard normal latents from the model's seed generator."""
        latents = keras.random.normal(
            (batch_size, self.latent_dim), seed=self.seed_generator
        )
        return latents

    def augment_images(self, images):
        """Applies the compiled augmentation (if any) before the critic."""
        if getattr(self, "augment", None) is None:
            return images
        return self.augment(images, self.seed_generator)

    def discriminator_loss(self, real_images, fake_images):
        """The discriminator's loss and extra logs for one update."""
        real_images = self.augment_images(real_images)
        fake_images = self.augment_images(fake_images)
        real_logits = self.discriminator(real_images, training=True)
        fake_logits = self.discriminator(fake_images, training=True)
        loss = self.loss_fn.discriminator_loss(real_logits, fake_logits)
        return loss, {}

    def generator_loss(self, latents):
        """The generator's loss and extra logs for one update."""
        fake = self.augment_images(self.generator(latents, training=True))
        fake_logits = self.discriminator(fake, training=True)
        return self.loss_fn.generator_loss(fake_logits), {}

    def discriminator_update(self, real_images):
        """One discriminator update on a batch of real images."""
        batch = ops.shape(real_images)[0]
        latents = self.draw_latents(batch)
        # The generator runs as in its own phase (training mode) but none of
        # its state may change here.
        fake = run_frozen(
            lambda: self.generator(latents, training=True), [self.generator]
        )
        fake = ops.stop_gradient(fake)
        loss, logs = gradient_update(
            lambda: self.discriminator_loss(real_images, fake),
            [self.discriminator],
            self.d_optimizer,
        )
        self.after_discriminator_update()
        return loss, logs

    # ------------------------------------------------------------------
    # Generator EMA

    def _set_ema(self, ema_decay):
        if ema_decay is None:
            if self.ema_generator is not None:
                # A sub-model cannot be detached from a built Keras model
                # (its weights stay tracked), so the average goes on.
                warnings.warn(
                    "This model already keeps an EMA generator; it keeps it "
                    f"with ema_decay={self.ema_decay}. Use "
                    "`generate(use_ema=False)` for the trained generator.",
                    stacklevel=3,
                )
            return
        self.ema_decay = float(ema_decay)
        if self.ema_generator is None:
            self.ema_generator = self._copy_generator()

    def _copy_generator(self):
        config = keras.saving.serialize_keras_object(self.generator)
        config["config"]["name"] = "ema_generator"
        copy = keras.saving.deserialize_keras_object(config)
        if not copy.built:
            # A functional generator is built already, whatever its inputs
            # (a conditional one also takes labels).
            copy(ops.zeros((1, self.latent_dim)))
        if [tuple(w.shape) for w in copy.weights] != [
            tuple(w.shape) for w in self.generator.weights
        ]:
            raise ValueError(
                "Expected the generator to be rebuilt from its config with "
                "the same weights, for the EMA copy. Received: a generator "
                f"whose copy differs ({self.generator.name})"
            )
        copy.set_weights(self.generator.get_weights())
        # Its weights change only through the average, never by gradients.
        copy.trainable = False
        return copy

    def update_ema_generator(self):
        """Moves the EMA generator towards the generator (once per update).

        With `t` the number of generator updates so far (this one
        included, `t = 1` at the first), the decay is
        `min(ema_decay, (1 + t) / (10 + t))`: the average follows the
        early, fast-moving weights closely and settles to `ema_decay`
        after about `10 / (1 - ema_decay)` updates. Each trainable weight
        becomes `decay * ema + (1 - decay) * weight`; other state
        (BatchNorm statistics) is copied from the generator as it is.
        """
        t = ops.cast(self.g_optimizer.iterations, "float32")
        decay = ops.minimum(self.ema_decay, (1.0 + t) / (10.0 + t))
        trainable = {id(v) for v in self.generator.trainable_variables}
        for ema, weight in zip(
            self.ema_generator.weights, self.generator.weights
        ):
            if id(weight) in trainable:
                decay_w = ops.cast(decay, ema.dtype)
                ema.assign(
                    decay_w * ema.value
                    + (1.0 - decay_w) * ops.cast(weight.value, ema.dtype)
                )
            else:
                ema.assign(weight.value)

    def after_discriminator_update(self):
        """Hook run after each discriminator update (weight clipping)."""

    def generator_update(self, batch_size):
        """One generator update; the discriminator is left unchanged."""
        latents = self.draw_latents(batch_size)
        return gradient_update(
            lambda: self.generator_loss(latents),
            [self.generator],
            self.g_optimizer,
            frozen=[self.discriminator],
        )

    # ------------------------------------------------------------------
    # Serialization

    # Keras saves a layer's own variables but not the state of the seed
    # generators it holds, so a resumed run would replay the latents of the
    # first epochs. The model's own generators are saved beside its
    # variables under explicit keys.

    def _own_seed_generators(self):
        return list(getattr(self, "_seed_generators", []))

    # The EMA decay is stored beside them too: Keras loads a model's own
    # variables before its sub-models', so the EMA generator can be made
    # here in time for its weights, with or without `compile=True`.

    def save_own_variables(self, store):
        super().save_own_variables(store)
        for i, generator in enumerate(self._own_seed_generators()):
            store[f"seed_state_{i}"] = generator.state
        if self.ema_generator is not None:
            store["ema_decay"] = np.array(self.ema_decay, "float64")

    def load_own_variables(self, store):
        own = {}
        for key in list(store.keys()):
            if not key.startswith("seed_state_") and key != "ema_decay":
                own[key] = store[key]
        super().load_own_variables(own)
        for i, generator in enumerate(self._own_seed_generators()):
            key = f"seed_state_{i}"
            if key in store.keys():
                generator.state.assign(store[key])
        if "ema_decay" in store.keys() and self.ema_generator is None:
            self._set_ema(float(np.asarray(store["ema_decay"])))

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "generator": keras.saving.serialize_keras_object(
                    self.generator
                ),
                "discriminator": keras.saving.serialize_keras_object(
                    self.discriminator
                ),
                "latent_dim": self.latent_dim,
                "seed": self.seed,
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for key in ("generator", "discriminator"):
            config[key] = keras.saving.deserialize_keras_object(config[key])
        return cls(**config)
