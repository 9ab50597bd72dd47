"""The learning rate schedule of the Pix2Pix and CycleGAN reference code.

Constant for `constant_epochs`, then a linear decay to zero over
`decay_epochs` more (100 + 100 in the papers' code), counted in epochs.
The count is `epochs_trained`, a variable saved with the model, so a run
resumed from a checkpoint continues the schedule where it stopped, however
`fit` is called.
"""

import keras
from keras import ops

from keras_gans.models._checks import check_positive_ints


def linear_decay_factor(epoch, constant_epochs, decay_epochs):
    """The learning rate multiplier for a 0-based `epoch`.

    1 for the first `constant_epochs`, then a linear decay over
    `decay_epochs` more, as in the reference code: `1 - max(0, epoch + 1 -
    constant_epochs) / (decay_epochs + 1)`, which is `1 / (decay_epochs +
    1)` in the last epoch; clipped at 0 after it. `decay_epochs=0` keeps
    the rate constant.
    """
    if decay_epochs == 0:
        return 1.0
    done = max(0, epoch + 1 - constant_epochs)
    return max(0.0, 1.0 - done / (decay_epochs + 1))


class EpochSchedule(keras.callbacks.Callback):
    """Sets a model's learning rates from its epoch counter.

    At the start of each epoch it sets both optimizers' rates from
    `model.epochs_trained`; at the end it advances the counter and logs
    the generator's rate as `learning_rate`. The model's `fit` puts it
    first among the callbacks, so checkpoints written at the end of an
    epoch hold the advanced counter.
    """

    def __init__(self, gan):
        super().__init__()
        self._gan = gan

    def on_epoch_begin(self, epoch, logs=None):
        self._gan.apply_learning_rate()

    def on_epoch_end(self, epoch, logs=None):
        counter = self._gan.epochs_trained
        counter.assign(int(ops.convert_to_numpy(counter.value)) + 1)
        if logs is not None:
            logs["learning_rate"] = self._gan.current_learning_rates()[0]


class EpochDecayMixin:
    """Adds the epoch schedule to an `ImageToImageGAN` subclass.

    The subclass calls `_init_epoch_schedule()` in `__init__` and
    `_compile_epoch_schedule(constant_epochs, decay_epochs)` in `compile`
    (after the base class's), adds `_epoch_schedule_config()` to its
    compile config, and wraps its `fit` callbacks with
    `_with_schedule(callbacks)`.
    """

    def _init_epoch_schedule(self):
        self.epochs_trained = self.add_weight(
            shape=(),
            initializer="zeros",
            dtype="int32",
            trainable=False,
            name="epochs_trained",
        )
        self.constant_epochs = 100
        self.decay_epochs = 100
        self.base_learning_rates = (None, None)

    def _compile_epoch_schedule(self, constant_epochs, decay_epochs):
        check_positive_ints(
            0, constant_epochs=constant_epochs, decay_epochs=decay_epochs
        )
        base_rates = []
        for arg, opt in (
            ("g_optimizer", self.g_optimizer),
            ("d_optimizer", self.d_optimizer),
        ):
            rate = opt.learning_rate
            if isinstance(rate, keras.Variable):
                base_rates.append(float(ops.convert_to_numpy(rate)))
            elif decay_epochs:
                raise ValueError(
                    "Expected optimizers with a constant learning rate when "
                    "decay_epochs > 0 (the epoch schedule sets it). "
                    f"Received: {arg}.learning_rate={rate!r}"
                )
            else:
                base_rates.append(None)
        self.constant_epochs = constant_epochs
        self.decay_epochs = decay_epochs
        self.base_learning_rates = tuple(base_rates)

    def _epoch_schedule_config(self):
        return {
            "constant_epochs": self.constant_epochs,
            "decay_epochs": self.decay_epochs,
            "base_learning_rates": list(self.base_learning_rates),
        }

    def compile_from_config(self, config):
        # The optimizers were saved with their decayed rates; the schedule
        # goes on from the rates it started with.
        config = dict(config)
        base_rates = config.pop("base_learning_rates", None)
        super().compile_from_config(config)
        if base_rates is not None:
            self.base_learning_rates = tuple(base_rates)

    def learning_rate_factor(self, epoch=None):
        """The schedule's multiplier for a 0-based epoch (by default the
        next one to train, `epochs_trained`)."""
        if epoch is None:
            epoch = int(ops.convert_to_numpy(self.epochs_trained.value))
        return linear_decay_factor(
            epoch, self.constant_epochs, self.decay_epochs
        )

    def current_learning_rates(self):
        """The (generator, discriminator) learning rates now set."""
        return [
            float(ops.convert_to_numpy(opt.learning_rate))
            for opt in (self.g_optimizer, self.d_optimizer)
        ]

    def apply_learning_rate(self):
        """Sets both rates for the epoch `epochs_trained`."""
        factor = self.learning_rate_factor()
        for opt, base in zip(
            (self.g_optimizer, self.d_optimizer), self.base_learning_rates
        ):
            if base is not None:
                opt.learning_rate = base * factor

    def _with_schedule(self, callbacks):
        return [EpochSchedule(self)] + list(callbacks or [])
