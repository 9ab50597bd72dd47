"""Stopping a run whose losses became NaN or infinite."""

import math

import keras

from keras_gans.callbacks.epoch_checkpoint import latest_checkpoint


class TrainingDiverged(RuntimeError):
    """Raised at the end of a `fit` that `StopOnNaN` stopped.

    Attributes:
        key: the log key whose value was not finite (`"d_loss"`, ...).
        epoch: the epoch (1-based, as Keras' progress bar counts) in which
            it happened.
        batch: the batch index within that epoch.
        checkpoint: path of the last good checkpoint, or None.
    """

    def __init__(
        self, message, key=None, epoch=None, batch=None, checkpoint=None
    ):
        super().__init__(message)
        self.key = key
        self.epoch = epoch
        self.batch = batch
        self.checkpoint = checkpoint


def _first_non_finite(logs):
    for key, value in (logs or {}).items():
        try:
            value = float(value)
        except (TypeError, ValueError):
            continue
        if not math.isfinite(value):
            return key, value
    return None


class StopOnNaN(keras.callbacks.Callback):
    """Stops training on the first NaN or infinite loss, then raises.

    Unlike `keras.callbacks.TerminateOnNaN`, which stops quietly, this
    callback checks every log value after each batch, sets
    `model.stop_training` so that Keras ends the run cleanly, and raises
    `TrainingDiverged` from `on_train_end` so that a script or the command
    line cannot mistake a diverged run for a finished one. The error names
    the key, the epoch, the batch and the last good checkpoint.

    Args:
        checkpoint_dir: folder written by an `EpochCheckpoint`; its latest
            checkpoint is named in the error. Optional.
    """

    def __init__(self, checkpoint_dir=None):
        super().__init__()
        self.checkpoint_dir = checkpoint_dir
        self.diverged = None
        self._epoch = 0

    def on_train_begin(self, logs=None):
        self.diverged = None

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        self._check(logs, batch)

    def on_epoch_end(self, epoch, logs=None):
        self._check(logs, None)

    def _check(self, logs, batch):
        if self.diverged is not None:
            return
        found = _first_non_finite(logs)
        if found is None:
            return
        key, value = found
        self.diverged = {
            "key": key,
            "value": value,
            "epoch": self._epoch + 1,
            "batch": batch,
        }
        self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.diverged is None:
            return
        info = self.diverged
        where = f"epoch {info['epoch']}"
        if info["batch"] is not None:
            where += f", batch {info['batch']}"
        checkpoint = None
        if self.checkpoint_dir is not None:
            latest = latest_checkpoint(self.checkpoint_dir)
            checkpoint = latest[1] if latest else None
        if checkpoint:
            kept = f"The last good checkpoint is kept: {checkpoint}"
        else:
            kept = "No checkpoint was saved before it."
        raise TrainingDiverged(
            f"Training diverged: `{info['key']}` became {info['value']} in "
            f"{where}; training was stopped. {kept}",
            key=info["key"],
            epoch=info["epoch"],
            batch=info["batch"],
            checkpoint=checkpoint,
        )
