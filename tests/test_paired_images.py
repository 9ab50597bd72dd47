"""Paired-image loading, augmentation and the embedded edges-to-photo set."""

import os

import numpy as np
import pytest
from PIL import Image

from keras_gans.data.edges_to_photos import load_edges_to_photos
from keras_gans.data.paired_images import PairedImageDataset
from keras_gans.data.paired_images import jitter_size
from keras_gans.data.paired_images import load_image_pairs


def _save(path, array):
    Image.fromarray(array).save(path)


def _gradient(h, w, offset=0):
    """A colour image whose pixels encode their position."""
    rows = np.arange(h)[:, None] * 8 + offset
    cols = np.arange(w)[None, :] * 8
    rgb = np.stack(
        [
            np.broadcast_to(rows, (h, w)),
            np.broadcast_to(cols, (h, w)),
            np.full((h, w), 128),
        ],
        axis=-1,
    )
    return (rgb % 256).astype(np.uint8)


def test_side_by_side_layout(tmp_path):
    a, b = _gradient(16, 16), _gradient(16, 16, offset=50)
    for name in ("one.png", "two.png"):
        _save(tmp_path / name, np.concatenate([a, b], axis=1))
    inputs, targets = load_image_pairs(str(tmp_path), image_size=16)
    assert inputs.shape == targets.shape == (2, 16, 16, 3)
    np.testing.assert_array_equal(inputs[0], a)
    np.testing.assert_array_equal(targets[0], b)
    swapped, _ = load_image_pairs(
        str(tmp_path), image_size=16, direction="b_to_a"
    )
    np.testing.assert_array_equal(swapped[0], b)
    small, _ = load_image_pairs(str(tmp_path), image_size=8)
    assert small.shape == (2, 8, 8, 3)
    grey, _ = load_image_pairs(str(tmp_path), image_size=8, input_channels=1)
    assert grey.shape == (2, 8, 8, 1)


def test_two_matching_folders(tmp_path):
    os.makedirs(tmp_path / "A")
    os.makedirs(tmp_path / "B")
    for i in range(3):
        _save(tmp_path / "A" / f"{i}.png", _gradient(12, 12, i))
        _save(tmp_path / "B" / f"{i}.jpg", _gradient(12, 12, 100 + i))
    inputs, targets = load_image_pairs(
        str(tmp_path / "A"), str(tmp_path / "B"), image_size=12
    )
    assert inputs.shape == targets.shape == (3, 12, 12, 3)
    np.testing.assert_array_equal(inputs[1], _gradient(12, 12, 1))


def test_bad_folders(tmp_path):
    os.makedirs(tmp_path / "empty")
    (tmp_path / "empty" / "notes.txt").write_text("no images here")
    with pytest.raises(ValueError, match="contain images"):
        load_image_pairs(str(tmp_path / "empty"))
    with pytest.raises(ValueError, match="existing folder"):
        load_image_pairs(str(tmp_path / "missing"))
    os.makedirs(tmp_path / "A")
    os.makedirs(tmp_path / "B")
    _save(tmp_path / "A" / "x.png", _gradient(12, 12))
    _save(tmp_path / "B" / "x.png", _gradient(12, 10))
    with pytest.raises(ValueError, match="same size"):
        load_image_pairs(str(tmp_path / "A"), str(tmp_path / "B"))
    _save(tmp_path / "B" / "y.png", _gradient(12, 12))
    with pytest.raises(ValueError, match="same file names"):
        load_image_pairs(str(tmp_path / "A"), str(tmp_path / "B"))
    os.makedirs(tmp_path / "odd")
    _save(tmp_path / "odd" / "z.png", _gradient(8, 15))
    with pytest.raises(ValueError, match="even width"):
        load_image_pairs(str(tmp_path / "odd"))


def test_jitter_and_mirroring_apply_to_both_images():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (6, 16, 16, 3), dtype=np.uint8)
    data = PairedImageDataset(images, images, batch_size=4, seed=5)
    assert len(data) == 1  # the incomplete batch is dropped
    assert jitter_size(256) == 286 and jitter_size(16) == 18
    x, y = data[0]
    assert x.shape == y.shape == (4, 16, 16, 3)
    assert x.dtype == np.float32 and -1 <= x.min() and x.max() <= 1
    # Same crop and flip for input and target.
    np.testing.assert_array_equal(x, y)
    # Reproducible for a seed; redrawn every epoch.
    again = PairedImageDataset(images, images, batch_size=4, seed=5)
    np.testing.assert_array_equal(again[0][0], x)
    data.on_epoch_end()
    assert not np.array_equal(data[0][0], x)


def test_without_augmentation_batches_are_the_images():
    images = np.arange(4 * 8 * 8 * 1, dtype=np.uint8).reshape(4, 8, 8, 1)
    data = PairedImageDataset(
        images, images, batch_size=2, jitter=False, mirror=False, shuffle=False
    )
    x, _ = data[1]
    np.testing.assert_allclose(x, images[2:] / 127.5 - 1.0, atol=1e-6)
    mirrored = PairedImageDataset(
        images, images[..., ::-1, :], batch_size=4, jitter=False, seed=1
    )
    x, _ = mirrored[0]
    flipped = ~np.all(x == x[:, :, ::-1], axis=(1, 2, 3))
    assert flipped.any()


def test_dataset_rejects_mismatched_pairs():
    x = np.zeros((4, 8, 8, 3), np.uint8)
    with pytest.raises(ValueError, match="same height and width"):
        PairedImageDataset(x, np.zeros((4, 8, 6, 3), np.uint8))
    with pytest.raises(ValueError, match="batch_size=5"):
        PairedImageDataset(x, x, batch_size=5)


def test_edges_to_photos_holds_out_whole_photographs():
    data = load_edges_to_photos(image_size=16)
    assert not set(data["train_photos"]) & set(data["test_photos"])
    for split in ("train", "test"):
        edges, photos = data[split]
        assert edges.shape == photos.shape
        assert edges.shape[1:] == (16, 16, 3) and edges.dtype == np.uint8
        # Black edges on white; the photos are not.
        assert set(np.unique(edges)) <= {0, 255}
        assert len(np.unique(photos)) > 2
    assert len(data["train"][0]) > 5 * len(data["test"][0])
    with pytest.raises(ValueError, match="image_size=4"):
        load_edges_to_photos(image_size=4)
