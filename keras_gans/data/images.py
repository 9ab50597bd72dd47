"""Array helpers shared by the loaders: resizing, channels and range."""

import numpy as np
from PIL import Image

# Pillow's bicubic filter; it antialiases when shrinking.
RESAMPLE = Image.Resampling.BICUBIC

_MODES = {1: "L", 3: "RGB"}


def check_size(image_size, channels):
    """Validates the target size and channel count of a loader."""
    if (
        isinstance(image_size, bool)
        or not isinstance(image_size, (int, np.integer))
        or image_size < 1
    ):
        raise ValueError(
            "Expected `image_size` to be a positive int. "
            f"Received: image_size={image_size!r}"
        )
    if channels not in _MODES:
        raise ValueError(
            f"Expected `channels` to be 1 or 3. Received: channels={channels!r}"
        )
    return int(image_size), int(channels)


def mode(channels):
    """The Pillow mode holding `channels` channels ("L" or "RGB")."""
    return _MODES[channels]


def resize_images(images, image_size, channels):
    """Resizes uint8 images to `(num, image_size, image_size, channels)`.

    Args:
        images: uint8 array `(num, height, width)` or
            `(num, height, width, 1 or 3)`.
        image_size: output height and width.
        channels: 1 or 3. One channel becomes three by replication; three
            become one by Pillow's luma conversion (ITU-R 601-2).

    Returns:
        A uint8 array. Resizing is bicubic (Pillow), antialiased when
        shrinking; non-square inputs are stretched.
    """
    if images.ndim == 3:
        images = images[..., None]
    num, height, width, in_channels = images.shape
    if (height, width) == (image_size, image_size):
        if in_channels == channels:
            return images
        if in_channels == 1:
            return np.repeat(images, channels, axis=-1)
    out = np.empty((num, image_size, image_size, channels), np.uint8)
    for i, image in enumerate(images):
        image = Image.fromarray(image[..., 0] if in_channels == 1 else image)
        image = image.convert(mode(channels))
        image = image.resize((image_size, image_size), RESAMPLE)
        out[i] = np.asarray(image).reshape(out.shape[1:])
    return out


def to_unit_range(images):
    """Maps uint8 pixels in [0, 255] to float32 in [-1, 1]."""
    # In place: temporaries of a whole data set are slow to allocate.
    images = images.astype(np.float32)
    images /= np.float32(127.5)
    images -= np.float32(1.0)
    return images
