"""Checks of image shapes and image inputs for the image-to-image models."""

import numpy as np


def check_image_shape(image_shape, multiple=1, channels=(1, 3)):
    """Validates a square `(size, size, channels)` shape; returns a tuple."""
    try:
        shape = tuple(int(d) for d in image_shape)
    except (TypeError, ValueError):
        shape = None
    if (
        shape is None
        or len(shape) != 3
        or shape[0] != shape[1]
        or shape[0] < 8
        or shape[0] % multiple
        or shape[2] not in channels
    ):
        raise ValueError(
            "Expected `image_shape` (size, size, channels) with a size of "
            f"at least 8 divisible by {multiple} and channels in "
            f"{list(channels)}. Received: image_shape={image_shape!r}"
        )
    return shape


def as_image_array(images, arg, channels, multiple=1):
    """Images for inference as float32 in [-1, 1], with a batch axis.

    Accepts uint8 in [0, 255] or floats in [-1, 1], shaped `(n, h, w, c)`
    or `(h, w, c)`; with `channels=1`, `(n, h, w)` and `(h, w)` too.
    Returns `(array, single)` where `single` says a batch axis was added.
    """
    images = np.asarray(images)
    if channels == 1 and images.ndim in (2, 3) and (
        images.ndim == 2 or images.shape[-1] != 1
    ):
        images = images[..., None]
    single = images.ndim == 3
    if single:
        images = images[None]
    if (
        images.ndim != 4
        or images.shape[-1] != channels
        or images.shape[1] % multiple
        or images.shape[2] % multiple
        or len(images) == 0
    ):
        raise ValueError(
            f"Expected `{arg}` with {channels} channel(s), shaped (n, h, w, "
            f"{channels}) or (h, w, {channels}), with h and w divisible by "
            f"{multiple}. Received: {arg}.shape={np.shape(images)}"
        )
    if images.dtype == np.uint8:
        return images.astype("float32") / 127.5 - 1.0, single
    if not np.issubdtype(images.dtype, np.floating):
        raise ValueError(
            f"Expected `{arg}` as uint8 or floats in [-1, 1]. "
            f"Received: dtype={images.dtype}"
        )
    low, high = float(images.min()), float(images.max())
    if low < -1.0 - 1e-3 or high > 1.0 + 1e-3:
        raise ValueError(
            f"Expected float `{arg}` in [-1, 1] (uint8 images are rescaled "
            f"automatically). Received: values in [{low:.3g}, {high:.3g}]"
        )
    return images.astype("float32"), single
