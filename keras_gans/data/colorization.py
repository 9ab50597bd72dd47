"""Colour images for colorization: any folder, and an embedded default.

A colorization model learns from colour images alone (it derives the
greyscale input itself), so any folder of colour photographs will do.
Images without colour are refused: they teach nothing but grey.

The embedded default (`skimage_color_photos`) cuts patches from the
everyday colour photographs that ship with scikit-image: the astronaut,
the coffee cup, the motorcycle and the rocket train; Chelsea the cat, a
photograph none of them shares pixels with, is held out.
"""

import numpy as np

from keras_gans.data import _photos
from keras_gans.data import unpaired

TRAIN_PHOTOS = ("astronaut", "coffee", "motorcycle", "rocket")
TEST_PHOTOS = ("chelsea",)
_SCALE = 4.5


def load_color_folder(directory, image_size, test_fraction=0.0, seed=0):
    """Reads a flat folder of colour images.

    Args:
        directory: the folder; files of any size, resized to squares of
            `unpaired.load_size(image_size)` for random cropping.
        image_size: side of the model's square images.
        test_fraction: share of the files (whole images, chosen at random
            with `seed`) held out as `test` at `image_size`.
        seed: seed of the held-out choice.

    Returns:
        A dict with `train` (and `test` when `test_fraction > 0`): uint8
        arrays `(n, size, size, 3)`.

    Raises:
        ValueError: a missing folder, a folder without images, or an image
            without colour.
    """
    unpaired._check_size(image_size)
    if not 0.0 <= test_fraction < 1.0:
        raise ValueError(
            "Expected `test_fraction` in [0, 1). "
            f"Received: test_fraction={test_fraction!r}"
        )
    paths = _photos.list_images(directory, "directory")
    images = [_photos.read_image(p, 3) for p in paths]
    order = np.random.default_rng(seed).permutation(len(images))
    num_test = int(round(test_fraction * len(images)))
    if test_fraction > 0 and not 1 <= num_test < len(images):
        raise ValueError(
            "Expected `test_fraction` to leave at least one image on each "
            f"side. Received: test_fraction={test_fraction} with "
            f"{len(images)} images"
        )
    jitter = unpaired.load_size(image_size)
    data = {
        "train": np.stack(
            [_photos.resize_image(images[i], jitter) for i in order[num_test:]]
        )
    }
    if num_test:
        data["test"] = np.stack(
            [
                _photos.resize_image(images[i], image_size)
                for i in order[:num_test]
            ]
        )
    return data


def skimage_color_photos(image_size=64):
    """The embedded colorization default, as patches.

    Returns:
        A dict with `train` (overlapping patches of
        `unpaired.load_size(image_size)` from the training photographs) and
        `test` (non-overlapping `image_size` patches of the held-out one).
    """
    unpaired._check_size(image_size)
    jitter = unpaired.load_size(image_size)
    short_side = int(_SCALE * image_size)
    train = [
        _photos.patches(
            _photos.scale_short_side(unpaired._photo(name), short_side),
            jitter,
            max(1, jitter // 4),
        )
        for name in TRAIN_PHOTOS
    ]
    test = [
        _photos.patches(
            _photos.scale_short_side(unpaired._photo(name), short_side),
            image_size,
            image_size,
        )
        for name in TEST_PHOTOS
    ]
    return {"train": np.concatenate(train), "test": np.concatenate(test)}
