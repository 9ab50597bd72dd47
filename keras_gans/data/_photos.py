"""Reading image files and cutting patches from photographs.

Shared by the unpaired (CycleGAN) and colorization loaders. Images are
kept as uint8 numpy arrays until a batch is drawn; batches are floats in
[-1, 1].
"""

import numpy as np
from PIL import Image

from keras_gans.data.paired_images import list_images  # noqa: F401
from keras_gans.data.paired_images import read_image as _read
from keras_gans.data.paired_images import resize_image  # noqa: F401


def is_greyscale(array):
    """Whether an RGB uint8 array carries no colour (all channels equal)."""
    return bool(
        np.array_equal(array[..., 0], array[..., 1])
        and np.array_equal(array[..., 1], array[..., 2])
    )


def read_image(path, channels, allow_greyscale=False):
    """Reads one file as a uint8 array with `channels` (1 or 3) channels.

    With `channels=3`, an image without colour (a greyscale file, or an RGB
    file whose three channels are equal) raises a ValueError unless
    `allow_greyscale`; it is then repeated over the three channels.
    """
    array = _read(path, channels)
    if channels == 3 and not allow_greyscale and is_greyscale(array):
        raise ValueError(
            "Expected colour images: this one has no colour (greyscale, or "
            "three equal channels). Remove it, convert the folder, or allow "
            f"greyscale images explicitly. Received: {path!r}"
        )
    return array


def scale_short_side(array, short_side):
    """Downscales a photograph (with antialiasing) to a given short side."""
    height, width = array.shape[:2]
    factor = short_side / min(height, width)
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    squeeze = array.shape[-1] == 1
    image = Image.fromarray(array[..., 0] if squeeze else array)
    out = np.asarray(image.resize(size, Image.Resampling.LANCZOS))
    return out[..., None] if squeeze else out


def patches(array, size, stride):
    """Square `size` patches on a regular grid with the given stride."""
    height, width = array.shape[:2]
    if height < size or width < size:
        raise ValueError(
            f"Expected a photograph of at least {size}x{size} pixels. "
            f"Received: shape={array.shape}"
        )
    rows = range(0, height - size + 1, stride)
    cols = range(0, width - size + 1, stride)
    return np.stack(
        [array[r : r + size, c : c + size] for r in rows for c in cols]
    )


def check_images(images, arg, channels=None):
    """Validates `(n, h, w, c)` images: uint8, or floats in [-1, 1]."""
    images = np.asarray(images)
    is_float = np.issubdtype(images.dtype, np.floating)
    if (
        not (images.dtype == np.uint8 or is_float)
        or images.ndim != 4
        or images.shape[3] not in (1, 3)
        or (channels is not None and images.shape[3] != channels)
        or len(images) == 0
    ):
        want = "1 or 3" if channels is None else str(channels)
        raise ValueError(
            f"Expected `{arg}` as a non-empty array (n, h, w, c) of uint8 "
            f"or floats in [-1, 1], with c = {want}. "
            f"Received: {arg}.shape={images.shape}, dtype={images.dtype}"
        )
    if is_float and (images.min() < -1.0 - 1e-3 or images.max() > 1.0 + 1e-3):
        raise ValueError(
            f"Expected float `{arg}` in [-1, 1] (uint8 images are rescaled "
            f"automatically). Received: values in [{images.min():.3g}, "
            f"{images.max():.3g}]"
        )
    return images


def to_float(images):
    """uint8 in [0, 255] -> float32 in [-1, 1]; floats pass through."""
    if images.dtype == np.uint8:
        return images.astype("float32") / 127.5 - 1.0
    return images.astype("float32")


def random_crop_flip(images, size, rng, flip=True):
    """Random `size` crops (one position per image) and mirroring."""
    n, height, width = images.shape[:3]
    tops = rng.integers(0, height - size + 1, n)
    lefts = rng.integers(0, width - size + 1, n)
    out = np.stack(
        [
            img[t : t + size, s : s + size]
            for img, t, s in zip(images, tops, lefts)
        ]
    )
    if flip:
        mirrored = rng.random(n) < 0.5
        out[mirrored] = out[mirrored, :, ::-1]
    return out
