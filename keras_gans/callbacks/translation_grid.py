"""Input | output | target grids of fixed pairs, written as training goes."""

import glob
import os
import re

import keras
import numpy as np

from keras_gans.utils.images import make_grid
from keras_gans.utils.images import save_image
from keras_gans.utils.images import to_uint8

_PATTERN = re.compile(r"^epoch_(\d+)\.png$")


class TranslationGrid(keras.callbacks.Callback):
    """Writes, every `every` epochs, the model's outputs beside its inputs
    and targets, and at the end a summary of how the outputs changed.

    After epoch `n` (1-based), `out_dir/samples/epoch_NNN.png` holds one
    row per pair: input | output | target. At the end of training,
    `out_dir/progress.png` shows the inputs in its first row, then the
    outputs of each written epoch (at most `max_rows`, evenly chosen,
    first and last kept), then the targets. The model must have
    `translate(images)`, as every `keras_gans` image-to-image GAN has.

    Args:
        out_dir: run folder; grids go to its `samples/` sub-folder.
        inputs: input images in [-1, 1] or uint8.
        targets: their targets, same number and size.
        every: write a grid every this many epochs (the last epoch of a
            `fit` is always written).
        max_rows: most epochs shown in `progress.png`.
    """

    def __init__(self, out_dir, inputs, targets, every=1, max_rows=10):
        super().__init__()
        inputs, targets = _unit(inputs), _unit(targets)
        if len(inputs) != len(targets) or len(inputs) == 0:
            raise ValueError(
                "Expected as many targets as inputs, at least one. "
                f"Received: {len(inputs)} inputs, {len(targets)} targets"
            )
        self.out_dir = out_dir
        self.inputs = inputs
        self.targets = targets
        self.every = every
        self.max_rows = max_rows
        self._last_epoch = None
        self._last_written = None

    @property
    def samples_dir(self):
        return os.path.join(self.out_dir, "samples")

    @property
    def progress_path(self):
        return os.path.join(self.out_dir, "progress.png")

    def write(self, epoch):
        """Writes the grid after `epoch` completed epochs; returns its path."""
        outputs = self.model.translate(self.inputs)
        path = os.path.join(self.samples_dir, f"epoch_{epoch:03d}.png")
        save_image(path, triples(self.inputs, outputs, self.targets))
        np.save(_outputs_path(path), to_uint8(outputs))
        self._last_written = epoch
        return path

    def on_epoch_end(self, epoch, logs=None):
        self._last_epoch = epoch + 1
        if (epoch + 1) % self.every == 0:
            self.write(epoch + 1)

    def on_train_end(self, logs=None):
        if (
            self._last_epoch is not None
            and self._last_written != self._last_epoch
        ):
            self.write(self._last_epoch)
        found = []
        for path in glob.glob(os.path.join(self.samples_dir, "epoch_*.png")):
            match = _PATTERN.match(os.path.basename(path))
            if match and os.path.isfile(_outputs_path(path)):
                found.append((int(match.group(1)), _outputs_path(path)))
        if not found:
            return
        found.sort()
        picks = np.linspace(0, len(found) - 1, min(self.max_rows, len(found)))
        rows = [to_uint8(self.inputs)]
        for i in sorted(set(picks.round().astype(int).tolist())):
            rows.append(np.load(found[i][1]))
        rows.append(to_uint8(self.targets))
        cells = np.concatenate(rows).astype("float32") / 127.5 - 1.0
        save_image(self.progress_path, make_grid(cells, rows=len(rows)))


def _outputs_path(png_path):
    # The outputs behind each grid, kept so that a resumed run's summary
    # covers the earlier epochs too.
    return png_path[: -len(".png")] + "_outputs.npy"


def _unit(images):
    images = np.asarray(images)
    if images.dtype == np.uint8:
        return images.astype("float32") / 127.5 - 1.0
    return images.astype("float32")


def triples(inputs, outputs, targets, padding=2):
    """A grid with one input | output | target row per pair (uint8 RGB).

    Inputs, outputs and targets may differ in their channels (1 or 3).
    """
    cells = []
    for row in zip(inputs, outputs, targets, strict=True):
        for image in row:
            image = np.asarray(image, dtype="float32")
            if image.shape[-1] == 1:
                image = np.repeat(image, 3, axis=-1)
            cells.append(image)
    return make_grid(np.stack(cells), rows=len(inputs), padding=padding)
