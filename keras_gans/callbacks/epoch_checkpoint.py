"""Whole-model checkpoints after every good epoch."""

import glob
import json
import math
import os
import re

import keras

LATEST = "latest.json"
_PATTERN = re.compile(r"^epoch_(\d+)\.keras$")


def latest_checkpoint(directory):
    """The newest checkpoint recorded in `directory/latest.json`.

    Returns:
        `(epoch, path)`, with `epoch` the number of completed epochs and
        `path` absolute, or None when there is no record or its file is
        missing.
    """
    record = os.path.join(directory, LATEST)
    if not os.path.isfile(record):
        return None
    with open(record) as f:
        info = json.load(f)
    path = os.path.join(os.path.abspath(directory), info["path"])
    if not os.path.isfile(path):
        return None
    return int(info["epoch"]), path


def _finite(logs):
    for value in (logs or {}).values():
        try:
            if not math.isfinite(float(value)):
                return False
        except (TypeError, ValueError):
            continue
    return True


class EpochCheckpoint(keras.callbacks.Callback):
    """Saves the whole model as `.keras` after each complete, finite epoch.

    Writes `epoch_NNN.keras` (NNN = completed epochs, so 1 after the first)
    into `directory`, then `latest.json` with `{"epoch": NNN, "path":
    "epoch_NNN.keras"}` (the path relative to `directory`), and deletes all
    but the newest `keep` checkpoint files. Both files are written under a
    temporary name and renamed, so an interrupted save leaves the previous
    checkpoint and record intact.

    An epoch is skipped when any of its logs is NaN or infinite, when a
    batch log was, or when it ended early because training was stopped
    mid-epoch (Keras still calls `on_epoch_end` then, with the partial
    epoch's logs). Once a non-finite value is seen, nothing more is saved in
    this `fit`, so the last checkpoint is always the last good one.

    Args:
        directory: folder for the checkpoints (created if needed).
        keep: number of checkpoint files to keep (at least 1).
    """

    def __init__(self, directory, keep=2):
        super().__init__()
        if isinstance(keep, bool) or not isinstance(keep, int) or keep < 1:
            raise ValueError(
                f"Expected `keep` to be a positive int. Received: keep={keep!r}"
            )
        self.directory = directory
        self.keep = keep
        self._diverged = False
        self._batches = 0

    def on_train_begin(self, logs=None):
        self._diverged = False
        os.makedirs(self.directory, exist_ok=True)

    def on_epoch_begin(self, epoch, logs=None):
        self._batches = 0

    def on_train_batch_end(self, batch, logs=None):
        # Keras reports the last step index of what just ran (several steps
        # with steps_per_execution).
        self._batches = batch + 1
        if not _finite(logs):
            self._diverged = True

    def on_epoch_end(self, epoch, logs=None):
        if not _finite(logs):
            self._diverged = True
        steps = (self.params or {}).get("steps")
        stopped_early = steps is not None and self._batches < steps
        if self._diverged or stopped_early:
            return
        self.save(epoch + 1)

    def save(self, epoch):
        """Saves the model as the checkpoint of `epoch` completed epochs."""
        name = f"epoch_{epoch:03d}.keras"
        path = os.path.join(self.directory, name)
        partial = os.path.join(self.directory, f"partial_{name}")
        self.model.save(partial)
        os.replace(partial, path)
        record = os.path.join(self.directory, LATEST)
        with open(record + ".tmp", "w") as f:
            json.dump({"epoch": epoch, "path": name}, f, indent=2)
        os.replace(record + ".tmp", record)
        self._prune(keep_name=name)
        return path

    def _prune(self, keep_name):
        found = []
        for path in glob.glob(os.path.join(self.directory, "epoch_*.keras")):
            match = _PATTERN.match(os.path.basename(path))
            if match:
                found.append((int(match.group(1)), path))
        found.sort()
        for _, path in found[: -self.keep]:
            if os.path.basename(path) != keep_name:
                os.remove(path)
