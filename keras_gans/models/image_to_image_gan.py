"""The base of GANs that translate images to images (no latent vectors)."""

import numpy as np
import keras
from keras import ops

from keras_gans import backend
from keras_gans import losses as losses_module
from keras_gans.models._checks import check_weight
from keras_gans.models.gan import _OptimizerGroup
from keras_gans.models.gan import _check_optimizer
from keras_gans.models.gan import gradient_update
from keras_gans.models.gan import run_frozen


def to_unit_range(images, name="images"):
    """Images as float32 in [-1, 1]: uint8 is scaled, floats kept."""
    images = np.asarray(images)
    if images.dtype == np.uint8:
        return images.astype("float32") / 127.5 - 1.0
    if not np.issubdtype(images.dtype, np.floating):
        raise ValueError(
            f"Expected `{name}` as uint8 in [0, 255] or floats in [-1, 1]. "
            f"Received: {name}.dtype={images.dtype}"
        )
    return images.astype("float32")


@keras.saving.register_keras_serializable(package="keras_gans")
class ImageToImageGAN(keras.Model):
    """Base class of image-to-image GANs trained with `fit`.

    Unlike `GAN`, nothing here draws latent vectors: the generators are
    conditioned on images. A subclass creates its networks in `__init__`
    (after calling this `__init__`), lists them in `generator_networks`
    and `discriminator_networks`, names its logged losses in `loss_names`
    and writes one training step in `train_updates(data)`, using
    `train_networks` for every phase. This class supplies the rest:

    - `compile(g_optimizer, d_optimizer, loss)`: one optimizer for all
      the generators' weights and one for all the discriminators' (as in
      the reference code of Pix2Pix and CycleGAN), both exposed to Keras'
      trainers; subclasses add their own compile arguments (loss weights)
      and report them in `_extra_compile_config`.
    - a step that runs on TensorFlow (traced), JAX (jitted, stateless) and
      torch, through `keras_gans.backend`;
    - one `keras.metrics.Mean` per name in `loss_names`, created here so
      that JAX sees them from the start.

    Args:
        seed: int seed of the model's `keras.random.SeedGenerator`
            (`self.seed_generator`), for the randomness of the step.
    """

    loss_names = ("d_loss", "g_loss")
    default_loss = "non_saturating"

    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed, name="step")
        self.loss_trackers = [
            keras.metrics.Mean(name=name) for name in self.loss_names
        ]

    @property
    def generator_networks(self):
        """The networks `g_optimizer` trains."""
        raise NotImplementedError

    @property
    def discriminator_networks(self):
        """The networks `d_optimizer` trains."""
        raise NotImplementedError

    # ------------------------------------------------------------------
    # Compilation

    def default_optimizers(self):
        """Fresh (generator, discriminator) optimizers: Adam(2e-4, 0.5)."""
        return (
            keras.optimizers.Adam(2e-4, beta_1=0.5),
            keras.optimizers.Adam(2e-4, beta_1=0.5),
        )

    def compile(self, g_optimizer=None, d_optimizer=None, loss=None, **kwargs):
        """Configures training.

        Args:
            g_optimizer: optimizer of the generator(s); defaults to
                `default_optimizers()`.
            d_optimizer: optimizer of the discriminator(s); a different
                instance from `g_optimizer`.
            loss: adversarial loss, a name from `keras_gans.losses.names()`
                or an instance; defaults to the class's `default_loss`.
            **kwargs: passed to `keras.Model.compile` (`jit_compile`,
                `run_eagerly`, `steps_per_execution`).
        """
        for key in ("optimizer", "metrics", "loss_weights"):
            if key in kwargs:
                raise ValueError(
                    f"{type(self).__name__}.compile does not take `{key}`; "
                    "use g_optimizer, d_optimizer and loss. "
                    f"Received: {key}={kwargs[key]!r}"
                )
        defaults = self.default_optimizers()
        g_optimizer = defaults[0] if g_optimizer is None else g_optimizer
        d_optimizer = defaults[1] if d_optimizer is None else d_optimizer
        _check_optimizer("g_optimizer", g_optimizer)
        _check_optimizer("d_optimizer", d_optimizer)
        if g_optimizer is d_optimizer:
            raise ValueError(
                "Expected two distinct optimizer instances: generators and "
                "discriminators each need their own optimizer state. "
                f"Received: g_optimizer is d_optimizer ({g_optimizer!r})"
            )
        self.loss_fn = losses_module.get(
            self.default_loss if loss is None else loss
        )
        if keras.config.dtype_policy().name == "mixed_float16":
            g_optimizer = keras.optimizers.LossScaleOptimizer(g_optimizer)
            d_optimizer = keras.optimizers.LossScaleOptimizer(d_optimizer)
        super().compile(optimizer=None, **kwargs)
        self.g_optimizer = g_optimizer
        self.d_optimizer = d_optimizer
        self.optimizer = _OptimizerGroup(
            [
                (
                    g_optimizer,
                    lambda: self._variables_of(self.generator_networks),
                ),
                (
                    d_optimizer,
                    lambda: self._variables_of(self.discriminator_networks),
                ),
            ]
        )

    @staticmethod
    def _variables_of(networks):
        return [v for net in networks for v in net.trainable_variables]

    def get_compile_config(self):
        if not getattr(self, "compiled", False):
            return {}
        ser = keras.saving.serialize_keras_object
        config = {
            "g_optimizer": ser(self.g_optimizer),
            "d_optimizer": ser(self.d_optimizer),
            "loss": ser(self.loss_fn),
        }
        config.update(self._extra_compile_config())
        return config

    def _extra_compile_config(self):
        """Subclasses add the compile arguments they introduce."""
        return {}

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
        return list(self.loss_trackers)

    # ------------------------------------------------------------------
    # Training

    def fit(self, *args, **kwargs):
        if not getattr(self, "compiled", False):
            raise RuntimeError(
                "Call `compile()` before `fit()`; the defaults give the "
                "model's paper settings: `model.compile()`."
            )
        return super().fit(*args, **kwargs)

    def train_step(self, *args):
        return backend.run_train_step(self, self._train_step, args)

    def _train_step(self, data):
        # Recorded at trace time; tests use it to check that the step was
        # compiled where a compiled step is expected.
        self._step_was_compiled = backend.in_compiled_step()
        # torch's train_on_batch hands over numpy arrays as they are.
        data = keras.tree.map_structure(
            lambda t: None if t is None else ops.convert_to_tensor(t), data
        )
        losses = self.train_updates(data)
        logs = {}
        for tracker in self.loss_trackers:
            tracker.update_state(losses[tracker.name])
            logs[tracker.name] = tracker.result()
        return logs

    def train_updates(self, data):
        """One training step on a batch `data` (a structure of tensors, as
        the dataset yields it); returns `{name: loss}` for `loss_names`."""
        raise NotImplementedError

    def train_networks(self, loss_fn, networks, optimizer, frozen=()):
        """One gradient update of `networks` on `loss_fn`.

        Args:
            loss_fn: a function of no arguments returning `(loss, aux)`.
            networks: the networks whose trainable weights are updated.
            optimizer: the optimizer that updates them.
            frozen: networks that `loss_fn` calls in training mode but that
                must not change: their float state (normalisation
                statistics) is put back afterwards.

        Returns:
            `(loss, aux)` as returned by `loss_fn`.
        """
        return gradient_update(loss_fn, networks, optimizer, frozen)

    @staticmethod
    def run_frozen(fn, networks):
        """Calls `fn()`, then restores the float state of `networks`.

        For running a network in training mode (dropout, batch statistics)
        outside its own phase without moving its statistics.
        """
        return run_frozen(fn, networks)

    # ------------------------------------------------------------------
    # Inference

    def _predict_images(self, network, images, batch_size, training):
        """Runs `network` over `images` in batches; numpy in [-1, 1]."""
        outputs = []
        for start in range(0, len(images), batch_size):
            chunk = images[start : start + batch_size]
            if training:
                out = self.run_frozen(
                    lambda c=chunk: network(c, training=True), [network]
                )
            else:
                out = network(chunk, training=False)
            outputs.append(ops.convert_to_numpy(out).astype("float32"))
        return np.clip(np.concatenate(outputs), -1.0, 1.0)

    # ------------------------------------------------------------------
    # Serialization

    # Keras saves variables but not the state of seed generators, so a
    # resumed run would replay the noise of its first epochs. The states
    # of every seed generator in the model (its own, the dropout layers')
    # are saved beside the model's variables under explicit keys.

    def _all_seed_generators(self):
        found = []
        for layer in self._flatten_layers(include_self=True, recursive=True):
            found.extend(getattr(layer, "_seed_generators", []))
        return found

    def save_own_variables(self, store):
        super().save_own_variables(store)
        for i, generator in enumerate(self._all_seed_generators()):
            store[f"seed_state_{i}"] = generator.state

    def load_own_variables(self, store):
        own = {}
        for key in list(store.keys()):
            if not key.startswith("seed_state_"):
                own[key] = store[key]
        super().load_own_variables(own)
        for i, generator in enumerate(self._all_seed_generators()):
            key = f"seed_state_{i}"
            if key in store.keys():
                generator.state.assign(store[key])

    def get_config(self):
        config = super().get_config()
        config["seed"] = self.seed
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)


@keras.saving.register_keras_serializable(package="keras_gans")
class PairedImageGAN(ImageToImageGAN):
    """Base of conditional GANs trained on aligned pairs (Pix2Pix's recipe).

    The generator maps a condition image to an output; the discriminator
    judges `[condition, image]` pairs. Each step updates the generator on
    the adversarial loss plus `l1_weight` times the L1 distance to the
    target (the discriminator runs in training mode but is left
    unchanged), then the discriminator on the same, detached, outputs
    with its loss halved. A subclass builds `self.generator` and
    `self.discriminator` and, when its batches are not already
    `(condition, target)` pairs, overrides `condition_and_target`.
    """

    loss_names = ("d_loss", "g_loss", "l1_loss")

    @property
    def generator_networks(self):
        return [self.generator]

    @property
    def discriminator_networks(self):
        return [self.discriminator]

    def compile(
        self,
        g_optimizer=None,
        d_optimizer=None,
        loss=None,
        l1_weight=100.0,
        **kwargs,
    ):
        """Configures training (see `ImageToImageGAN.compile`).

        Args:
            l1_weight: weight of the L1 term in the generator's loss
                (lambda = 100 in Pix2Pix).
        """
        l1_weight = check_weight("l1_weight", l1_weight)
        super().compile(g_optimizer, d_optimizer, loss, **kwargs)
        self.l1_weight = l1_weight

    def _extra_compile_config(self):
        return {"l1_weight": self.l1_weight}

    def condition_and_target(self, data):
        """The batch as `(condition, target)` tensors in the compute dtype."""
        inputs, targets, _ = keras.utils.unpack_x_y_sample_weight(data)
        return (
            ops.cast(inputs, self.compute_dtype),
            ops.cast(targets, self.compute_dtype),
        )

    def train_updates(self, data):
        condition, target = self.condition_and_target(data)

        # Generator update; D judges in training mode but stays unchanged.
        _, (g_loss, l1_loss, fake) = self.train_networks(
            lambda: self.generator_loss(condition, target),
            [self.generator],
            self.g_optimizer,
            frozen=[self.discriminator],
        )

        # Discriminator update on the same (detached) outputs.
        fake = ops.stop_gradient(fake)
        d_loss, _ = self.train_networks(
            lambda: (self.discriminator_loss(condition, target, fake), None),
            [self.discriminator],
            self.d_optimizer,
        )
        return {"d_loss": d_loss, "g_loss": g_loss, "l1_loss": l1_loss}

    def generator_loss(self, condition, target):
        """The generator's objective: adversarial + `l1_weight` x L1.

        Returns:
            `(loss, (adversarial_loss, l1_loss, outputs))`.
        """
        fake = self.generator(condition, training=True)
        logits = self.discriminator([condition, fake], training=True)
        adversarial = self.loss_fn.generator_loss(logits)
        l1 = ops.mean(
            ops.abs(ops.cast(target, "float32") - ops.cast(fake, "float32"))
        )
        return adversarial + self.l1_weight * l1, (adversarial, l1, fake)

    def discriminator_loss(self, condition, target, outputs):
        """Half the adversarial loss on real `(condition, target)` and
        generated `(condition, outputs)` pairs, as in Pix2Pix."""
        real_logits = self.discriminator([condition, target], training=True)
        fake_logits = self.discriminator([condition, outputs], training=True)
        return 0.5 * self.loss_fn.discriminator_loss(real_logits, fake_logits)
