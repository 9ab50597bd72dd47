"""Grids of unpaired translations and their round trips."""

import os

import numpy as np

from keras_gans.callbacks.translation_grid import TranslationGrid
from keras_gans.callbacks.translation_grid import _outputs_path
from keras_gans.callbacks.translation_grid import triples
from keras_gans.utils.images import save_image
from keras_gans.utils.images import to_uint8


class CycleGrid(TranslationGrid):
    """`TranslationGrid` for a model that translates both ways (CycleGAN).

    Unpaired data has no target for an input, so each row of
    `samples/epoch_NNN.png` shows input | translation | round trip: the
    rows of `images_a` are a | G(a) | F(G(a)), then those of `images_b`
    b | F(b) | G(F(b)). `progress.png` shows the A images in its first
    row, G(a) for each written epoch below, and real B images (not
    targets: a reference for what domain B looks like) in the last row.
    The model must have `translate(images, direction)`.

    Args:
        out_dir: run folder; grids go to its `samples/` sub-folder.
        images_a: images of domain A in [-1, 1] or uint8.
        images_b: images of domain B, as many as `images_a`.
        every: write a grid every this many epochs.
        max_rows: most epochs shown in `progress.png`.
    """

    def __init__(self, out_dir, images_a, images_b, every=1, max_rows=10):
        super().__init__(out_dir, images_a, images_b, every, max_rows)

    def write(self, epoch):
        """Writes the grid after `epoch` completed epochs; returns its path."""
        images_a, images_b = self.inputs, self.targets
        fake_b = self.model.translate(images_a, direction="a_to_b")
        fake_a = self.model.translate(images_b, direction="b_to_a")
        cycled_a = self.model.translate(fake_b, direction="b_to_a")
        cycled_b = self.model.translate(fake_a, direction="a_to_b")
        path = os.path.join(self.samples_dir, f"epoch_{epoch:03d}.png")
        grid = triples(
            np.concatenate([images_a, images_b]),
            np.concatenate([fake_b, fake_a]),
            np.concatenate([cycled_a, cycled_b]),
        )
        save_image(path, grid)
        np.save(_outputs_path(path), to_uint8(fake_b))
        self._last_written = epoch
        return path
