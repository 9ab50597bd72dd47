"""Checks of image shapes and image inputs for the image-to-image models."""

import numpy as np


def check_image_size(image_size, multiple=1):
    """Validates the side of square images: an int >= 8, a multiple of
    `multiple`."""
    if (
        isinstance(image_size, bool)
        or not isinstance(image_size, int)
        or image_size < 8
        or image_size % multiple
    ):
        raise ValueError(
            f"Expected `image_size` to be an int of at least 8 divisible by "
            f"{multiple}. Received: image_size={image_size!r}"
        )
    return image_size


def as_image_array(images, arg, channels, multiple=1):
    """Images for inference as float32 in [-1, 1], with a batch axis.

    Accepts uint8 in [0, 255] or floats in [-1, 1], shaped `(n, h, w, c)`
    or `(h, w, c)`; with `channels=1`, `(n, h, w)` and `(h, w)` too.
    Returns `(array, single)` where `single` says a batch axis was added.
    """
    images = np.asarray(images)
    if (
        channels == 1
        and images.ndim in (2, 3)
        and (images.ndim == 2 or images.shape[-1] != 1)
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
