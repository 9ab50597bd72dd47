"""Sample grids, the NaN stop and epoch checkpoints, under every backend."""

import json
import os

import keras
import numpy as np
import pytest
from keras import ops
from PIL import Image

from keras_gans.callbacks import EpochCheckpoint
from keras_gans.callbacks import SampleGrid
from keras_gans.callbacks import StopOnNaN
from keras_gans.callbacks import TrainingDiverged
from keras_gans.callbacks import latest_checkpoint
from keras_gans.callbacks.sample_grid import progress_image
from keras_gans.models import DCGAN
from keras_gans.utils import make_grid
from keras_gans.utils import save_image

# 16x16 images, batch 16: two steps per epoch.
NUM_IMAGES, BATCH = 32, 16


def _images(seed=0):
    rng = np.random.default_rng(seed)
    return rng.uniform(-1, 1, (NUM_IMAGES, 16, 16, 1)).astype("float32")


def _tiny(seed=0, cls=DCGAN):
    keras.utils.set_random_seed(seed)
    model = cls(**DCGAN.presets()["tiny"], seed=seed)
    model.compile()
    return model


def _png_shape(path):
    with Image.open(path) as image:
        return image.height, image.width


# ----------------------------------------------------------------------
# make_grid / save_image


def test_make_grid_layout_and_values():
    images = np.zeros((5, 6, 4, 1), "float32")
    images[0] = -1.0
    images[1] = 1.0
    images[2] = 3.0  # out of range: clipped, not wrapped
    images[3] = -7.0
    images[4] = np.nan
    grid = make_grid(images, padding=2)
    # ceil(sqrt(5)) = 3 columns, 2 rows.
    assert grid.shape == (2 * 8 + 2, 3 * 6 + 2, 3)
    assert grid.dtype == np.uint8

    def cell(i):
        top, left = 2 + (i // 3) * 8, 2 + (i % 3) * 6
        return grid[top : top + 6, left : left + 4]

    assert (cell(0) == 0).all() and (cell(1) == 255).all()
    assert (cell(2) == 255).all() and (cell(3) == 0).all()
    assert (cell(4) == 128).all()
    assert (grid[:2] == 0).all()  # the border


def test_make_grid_rows_and_rgb():
    images = np.linspace(-1, 1, 6 * 5 * 5 * 3).reshape(6, 5, 5, 3)
    grid = make_grid(images, rows=1, padding=0)
    assert grid.shape == (5, 30, 3)
    np.testing.assert_array_equal(
        grid[:, :5], np.round((images[0] + 1) * 127.5).astype("uint8")
    )


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"images": np.zeros((2, 4, 4, 2))}, "1 or 3 channels"),
        ({"images": np.zeros((4, 4, 1))}, "images.shape"),
        ({"images": np.zeros((0, 4, 4, 1))}, "at least one"),
        ({"images": np.zeros((2, 4, 4, 1)), "rows": 0}, "rows=0"),
    ],
)
def test_make_grid_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_grid(**kwargs)


def test_save_image_writes_png_and_rejects_floats(tmp_path):
    path = save_image(str(tmp_path / "a" / "g.png"), make_grid(_images()[:4]))
    assert _png_shape(path) == (2 * 18 + 2, 2 * 18 + 2)
    with pytest.raises(ValueError, match="uint8"):
        save_image(str(tmp_path / "f.png"), np.zeros((4, 4), "float32"))


# ----------------------------------------------------------------------
# One short fit shared by the grid and checkpoint tests


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("run"))
    model = _tiny()
    grids = SampleGrid(out, num_images=16, seed=3, every=2)
    checkpoints = EpochCheckpoint(os.path.join(out, "checkpoints"), keep=2)
    history = model.fit(
        _images(),
        epochs=3,
        batch_size=BATCH,
        verbose=0,
        callbacks=[grids, checkpoints, StopOnNaN(checkpoints.directory)],
    )
    return out, model, grids, history


def test_sample_grid_writes_every_nth_and_last_epoch(trained):
    out, _, _, _ = trained
    names = sorted(os.listdir(os.path.join(out, "samples")))
    # every=2 over 3 epochs: epoch 2, and the last epoch at train end.
    assert names == ["epoch_002.png", "epoch_003.png"]
    # 16 images of 16x16: a 4x4 grid with 2-pixel borders.
    size = 4 * (16 + 2) + 2
    assert _png_shape(os.path.join(out, "samples", names[0])) == (size, size)


def test_sample_grid_uses_fixed_latents(trained):
    out, model, grids, _ = trained
    again = SampleGrid(out, num_images=16, seed=3)
    again.set_model(model)
    np.testing.assert_array_equal(again.latents(), grids.latents())
    # The last grid on disk is the current model on those latents.
    expected = make_grid(model.generate(latents=grids.latents()))
    with Image.open(os.path.join(out, "samples", "epoch_003.png")) as image:
        np.testing.assert_array_equal(np.asarray(image), expected)


def test_progress_image_has_a_row_per_epoch(trained):
    _, _, grids, _ = trained
    height, width = _png_shape(grids.progress_path)
    # Two written epochs, each one grid row of 16x16 cells.
    assert height == 2 * (16 + 2) + 2
    assert width > 4 * (16 + 2)


def test_progress_image_subsamples_epochs(tmp_path):
    grid = make_grid(np.zeros((4, 8, 8, 1)))
    paths = []
    for epoch in range(1, 31):
        path = str(tmp_path / f"epoch_{epoch:03d}.png")
        save_image(path, grid)
        paths.append((epoch, path))
    image = progress_image(paths, num_images=4, max_rows=12)
    assert image.shape[0] == 12 * (8 + 2) + 2


def test_checkpoint_keeps_last_two_and_records_latest(trained):
    out, model, _, _ = trained
    directory = os.path.join(out, "checkpoints")
    assert sorted(f for f in os.listdir(directory) if f.endswith(".keras")) == [
        "epoch_002.keras",
        "epoch_003.keras",
    ]
    with open(os.path.join(directory, "latest.json")) as f:
        assert json.load(f) == {"epoch": 3, "path": "epoch_003.keras"}
    epoch, path = latest_checkpoint(directory)
    assert epoch == 3 and os.path.isabs(path)
    # The whole model, both optimizers and the noise generator come back.
    loaded = keras.saving.load_model(path)
    for name in ("g_optimizer", "d_optimizer"):
        iterations = getattr(loaded, name).iterations
        assert int(ops.convert_to_numpy(iterations)) == 3 * NUM_IMAGES // BATCH
    np.testing.assert_array_equal(
        ops.convert_to_numpy(loaded.seed_generator.state),
        ops.convert_to_numpy(model.seed_generator.state),
    )
    latents = np.random.default_rng(0).standard_normal((4, 16))
    np.testing.assert_array_equal(
        loaded.generate(latents=latents), model.generate(latents=latents)
    )


def test_checkpoint_rejects_bad_keep(tmp_path):
    with pytest.raises(ValueError, match="keep=0"):
        EpochCheckpoint(str(tmp_path), keep=0)


class _StopAt(keras.callbacks.Callback):
    """Stops training after one batch of the given epoch (finite logs)."""

    def __init__(self, epoch):
        super().__init__()
        self.epoch = epoch

    def on_epoch_begin(self, epoch, logs=None):
        self._current = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self._current == self.epoch:
            self.model.stop_training = True


def test_checkpoint_skips_epoch_stopped_midway(tmp_path):
    model = _tiny()
    checkpoints = EpochCheckpoint(str(tmp_path))
    model.fit(
        _images(),
        epochs=3,
        batch_size=BATCH,
        verbose=0,
        callbacks=[_StopAt(epoch=1), checkpoints],
    )
    assert latest_checkpoint(str(tmp_path))[0] == 1
    assert not os.path.exists(tmp_path / "epoch_002.keras")


# ----------------------------------------------------------------------
# NaN stop


@keras.saving.register_keras_serializable(package="keras_gans_tests")
class _DivergingDCGAN(DCGAN):
    """A DCGAN whose generator loss turns NaN at its 4th update."""

    def generator_loss(self, latents):
        loss, logs = super().generator_loss(latents)
        poisoned = ops.greater_equal(self.g_optimizer.iterations, 3)
        return ops.where(poisoned, ops.cast(np.nan, loss.dtype), loss), logs


def test_nan_stops_training_and_keeps_last_good_checkpoint(tmp_path):
    model = _tiny(cls=_DivergingDCGAN)
    directory = str(tmp_path / "checkpoints")
    stop = StopOnNaN(directory)
    with pytest.raises(TrainingDiverged) as info:
        model.fit(
            _images(),
            epochs=5,
            batch_size=BATCH,
            verbose=0,
            callbacks=[EpochCheckpoint(directory), stop],
        )
    error = info.value
    assert isinstance(error, RuntimeError)
    # Two updates per epoch: the 4th generator update is epoch 2, batch 1.
    assert (error.key, error.epoch, error.batch) == ("g_loss", 2, 1)
    assert error.checkpoint.endswith("epoch_001.keras")
    assert "g_loss" in str(error) and error.checkpoint in str(error)
    # Nothing was saved after the NaN, and what was saved loads and works.
    assert sorted(os.listdir(directory)) == ["epoch_001.keras", "latest.json"]
    loaded = keras.saving.load_model(error.checkpoint)
    assert np.isfinite(loaded.generate(4, seed=0)).all()


def test_nan_error_without_checkpoint(tmp_path):
    stop = StopOnNaN(str(tmp_path))
    stop.set_model(_tiny())
    stop.on_train_begin()
    stop.on_epoch_begin(0)
    stop.on_train_batch_end(0, {"d_loss": 0.5, "g_loss": float("inf")})
    assert stop.model.stop_training
    with pytest.raises(TrainingDiverged, match="No checkpoint"):
        stop.on_train_end()
