"""Unpaired (CycleGAN) and colour-image (colorization) data loading."""

import numpy as np
import pytest
from PIL import Image

from keras_gans.data import colorization
from keras_gans.data import unpaired


def _write(folder, n, size=(20, 30), mode="RGB", seed=0):
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    for i in range(n):
        shape = size + ((3,) if mode == "RGB" else ())
        pixels = rng.integers(0, 256, shape, dtype=np.uint8)
        Image.fromarray(pixels, mode).save(folder / f"{i:03d}.png")


def test_cyclegan_folder_layout(tmp_path):
    _write(tmp_path / "trainA", 3)
    _write(tmp_path / "trainB", 2, size=(40, 17))
    _write(tmp_path / "testA", 1)
    _write(tmp_path / "testB", 2)
    (tmp_path / "trainA" / "notes.txt").write_text("not an image")
    data = unpaired.load_unpaired_folder(str(tmp_path), image_size=16)
    jitter = unpaired.load_size(16)
    assert jitter == 18
    assert data["train_a"].shape == (3, jitter, jitter, 3)
    assert data["train_b"].shape == (2, jitter, jitter, 3)
    assert data["test_a"].shape == (1, 16, 16, 3)
    assert data["test_b"].shape == (2, 16, 16, 3)
    assert data["train_a"].dtype == np.uint8


def test_folder_errors(tmp_path):
    with pytest.raises(ValueError, match="existing folder"):
        unpaired.load_unpaired_folder(str(tmp_path / "nowhere"), 16)
    _write(tmp_path / "trainA", 2)
    with pytest.raises(ValueError, match="trainA/ and trainB/"):
        unpaired.load_unpaired_folder(str(tmp_path), 16)
    (tmp_path / "trainB").mkdir()
    with pytest.raises(ValueError, match="trainB.*has none"):
        unpaired.load_unpaired_folder(str(tmp_path), 16)
    _write(tmp_path / "trainB", 2)
    _write(tmp_path / "testA", 1)
    with pytest.raises(ValueError, match="testA/ and testB/"):
        unpaired.load_unpaired_folder(str(tmp_path), 16)


def test_greyscale_image_in_a_colour_domain(tmp_path):
    _write(tmp_path / "trainA", 2)
    _write(tmp_path / "trainB", 1)
    _write(tmp_path / "trainB", 1, mode="L", seed=5)
    with pytest.raises(ValueError, match="Expected colour images.*000.png"):
        unpaired.load_unpaired_folder(str(tmp_path), 16)
    data = unpaired.load_unpaired_folder(
        str(tmp_path), 16, allow_greyscale=True
    )
    assert data["train_b"].shape[-1] == 3
    grey = unpaired.load_unpaired_folder(str(tmp_path), 16, channels=1)
    assert grey["train_a"].shape == (2, 18, 18, 1)


def test_colour_folder(tmp_path):
    _write(tmp_path / "photos", 5)
    data = colorization.load_color_folder(
        str(tmp_path / "photos"), 16, test_fraction=0.4
    )
    assert data["train"].shape == (3, 18, 18, 3)
    assert data["test"].shape == (2, 16, 16, 3)
    _write(tmp_path / "photos", 1, mode="L", seed=3)
    with pytest.raises(ValueError, match="Expected colour images"):
        colorization.load_color_folder(str(tmp_path / "photos"), 16)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="holds none|has none"):
        colorization.load_color_folder(str(tmp_path / "empty"), 16)


def test_random_crop_batches():
    rng = np.random.default_rng(0)
    a = rng.integers(0, 256, (10, 20, 20, 3), dtype=np.uint8)
    b = rng.uniform(-1, 1, (3, 16, 24, 3)).astype("float32")
    batches = unpaired.RandomCropBatches(
        a, b, batch_size=4, image_size=16, seed=1
    )
    assert len(batches) == 2  # the larger set, incomplete batch dropped
    x, y = batches[0]
    assert x.shape == y.shape == (4, 16, 16, 3)
    assert x.dtype == np.float32 and -1 <= x.min() and x.max() <= 1
    # Deterministic for a seed, different in the next epoch.
    again = unpaired.RandomCropBatches(
        a, b, batch_size=4, image_size=16, seed=1
    )
    np.testing.assert_array_equal(again[0][0], x)
    batches.on_epoch_end()
    assert not np.array_equal(batches[0][0], x)
    single = unpaired.RandomCropBatches(a, batch_size=5, image_size=12)
    assert single[1].shape == (5, 12, 12, 3)
    with pytest.raises(ValueError, match="with 3 channels"):
        unpaired.RandomCropBatches(a, b[..., :1], batch_size=2)
    with pytest.raises(ValueError, match="batch_size=11"):
        unpaired.RandomCropBatches(a, batch_size=11)
    with pytest.raises(ValueError, match="in \\[-1, 1\\]"):
        unpaired.RandomCropBatches(b * 5, batch_size=1)


def test_embedded_domains_and_colour_photos():
    data = unpaired.skimage_domains(16)
    assert data["train_a"].shape[1:] == (18, 18, 3)
    assert data["test_b"].shape[1:] == (16, 16, 3)
    assert min(len(v) for v in data.values()) >= 10
    # The two domains really differ: the micrograph is pale and the
    # photographs are not (mean brightness over all patches).
    assert data["train_b"].mean() > data["train_a"].mean() + 20
    photos = colorization.skimage_color_photos(16)
    assert photos["train"].shape[1:] == (18, 18, 3)
    assert photos["test"].shape[1:] == (16, 16, 3)
    assert set(colorization.TEST_PHOTOS).isdisjoint(colorization.TRAIN_PHOTOS)
