"""Sample grids from fixed latents, written as training goes."""

import glob
import os
import re

import keras
import numpy as np

from keras_gans.utils.images import make_grid
from keras_gans.utils.images import save_image

_PATTERN = re.compile(r"^epoch_(\d+)\.png$")


class SampleGrid(keras.callbacks.Callback):
    """Writes a grid of samples after every `every` epochs, and a summary.

    The latents are drawn once, with numpy from `seed`, so every grid shows
    the same points of latent space and the grids can be compared epoch by
    epoch (also across backends and across a resumed run). After epoch `n`
    (1-based) the grid goes to `out_dir/samples/epoch_NNN.png`.

    At the end of training, `out_dir/progress.png` shows how the samples
    changed: one row per written epoch (at most `max_rows`, evenly chosen,
    always including the first and the last), each row the first grid row
    of that epoch's samples, i.e. the same latents in every column, with the
    epoch number on the left. It is built from the PNGs on disk, so a
    resumed run's summary covers the earlier epochs too.

    The model must have `generate(latents=...)` and `latent_dim`, as every
    `keras_gans` GAN has.

    Args:
        out_dir: run folder; grids go to its `samples/` sub-folder.
        num_images: images per grid.
        seed: seed of the fixed latents.
        every: write a grid every this many epochs (the last epoch of a
            `fit` is always written).
        max_rows: most epochs shown in `progress.png`.
    """

    def __init__(self, out_dir, num_images=64, seed=0, every=1, max_rows=12):
        super().__init__()
        for arg, value in (
            ("num_images", num_images),
            ("every", every),
            ("max_rows", max_rows),
        ):
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or value < 1
            ):
                raise ValueError(
                    f"Expected `{arg}` to be a positive int. "
                    f"Received: {arg}={value!r}"
                )
        self.out_dir = out_dir
        self.num_images = num_images
        self.seed = seed
        self.every = every
        self.max_rows = max_rows
        self._latents = None
        self._last_epoch = None
        self._last_written = None

    @property
    def samples_dir(self):
        return os.path.join(self.out_dir, "samples")

    @property
    def progress_path(self):
        return os.path.join(self.out_dir, "progress.png")

    def latents(self):
        """The fixed latents, `(num_images, latent_dim)` float32."""
        if self._latents is None:
            rng = np.random.default_rng(self.seed)
            self._latents = rng.standard_normal(
                (self.num_images, self.model.latent_dim)
            ).astype("float32")
        return self._latents

    def write(self, epoch):
        """Writes the grid after `epoch` completed epochs; returns its path."""
        images = self.model.generate(latents=self.latents())
        path = os.path.join(self.samples_dir, f"epoch_{epoch:03d}.png")
        save_image(path, make_grid(images))
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
        grids = _epoch_files(self.samples_dir)
        if grids:
            progress = progress_image(grids, self.num_images, self.max_rows)
            save_image(self.progress_path, progress)


def _epoch_files(directory):
    found = []
    for path in glob.glob(os.path.join(directory, "epoch_*.png")):
        match = _PATTERN.match(os.path.basename(path))
        if match:
            found.append((int(match.group(1)), path))
    return sorted(found)


def _evenly(items, count):
    if len(items) <= count:
        return list(items)
    picks = np.linspace(0, len(items) - 1, count).round().astype(int)
    return [items[i] for i in sorted(set(picks.tolist()))]


def progress_image(grids, num_images, max_rows=12, padding=2):
    """Stacks the first row of several epochs' grids into one image.

    Args:
        grids: `(epoch, png_path)` pairs of grids written by `make_grid`
            with its default layout for `num_images` images.
        num_images: images in each grid (gives the grid's layout).
        max_rows: most rows; epochs are picked evenly, first and last kept.
        padding: the grids' padding.

    Returns:
        A uint8 RGB array with one labelled row per picked epoch.
    """
    from PIL import Image
    from PIL import ImageDraw

    cols = int(np.ceil(np.sqrt(num_images)))
    rows_in_grid = int(np.ceil(num_images / cols))
    strips = []
    for epoch, path in _evenly(grids, max_rows):
        grid = np.asarray(Image.open(path).convert("RGB"))
        cell = (grid.shape[0] - padding) // rows_in_grid
        # The top row of the grid, with its borders.
        strips.append((epoch, grid[: cell + padding]))
    label_width = 8 * len(str(strips[-1][0])) + 8
    width = max(s.shape[1] for _, s in strips) + label_width
    height = sum(s.shape[0] - padding for _, s in strips) + padding
    canvas = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(canvas)
    top = 0
    for epoch, strip in strips:
        canvas.paste(Image.fromarray(strip), (label_width, top))
        cell = strip.shape[0] - padding
        draw.text((2, top + max(0, cell // 2 - 4)), str(epoch), fill="white")
        top += cell
    return np.asarray(canvas)
