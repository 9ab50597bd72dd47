"""Image grids and PNG writing for generated samples."""

import math
import os

import numpy as np


def to_uint8(images):
    """Maps images in [-1, 1] to uint8 in [0, 255].

    Values are clipped first, so a generator that overshoots its range never
    wraps around in the cast; NaN becomes 0 (mid grey) and infinities the
    nearest end of the range.
    """
    images = np.nan_to_num(
        np.asarray(images, dtype="float32"), nan=0.0, posinf=1.0, neginf=-1.0
    )
    images = np.clip(images, -1.0, 1.0)
    return np.round((images + 1.0) * 127.5).astype("uint8")


def make_grid(images, rows=None, padding=2):
    """Tiles a batch of images into one RGB image.

    Args:
        images: array of shape `(num_images, height, width, channels)` with
            values in [-1, 1] and 1 or 3 channels.
        rows: number of rows. Defaults to a near-square grid with
            `ceil(sqrt(num_images))` columns.
        padding: pixels of black border around and between the images.

    Returns:
        A uint8 array of shape `(grid_height, grid_width, 3)`, where
        `grid_height = rows * (height + padding) + padding` and likewise
        for the width.

    Raises:
        ValueError: on a batch that is not NHWC with 1 or 3 channels, an
            empty batch, or a bad `rows` or `padding`.
    """
    images = np.asarray(images)
    if images.ndim != 4 or images.shape[-1] not in (1, 3):
        raise ValueError(
            "Expected images of shape (num_images, height, width, channels) "
            f"with 1 or 3 channels. Received: images.shape={images.shape}"
        )
    num = images.shape[0]
    if num == 0:
        raise ValueError(
            "Expected at least one image. Received: images.shape="
            f"{images.shape}"
        )
    if rows is None:
        cols = math.ceil(math.sqrt(num))
        rows = math.ceil(num / cols)
    elif isinstance(rows, bool) or not isinstance(rows, int) or rows < 1:
        raise ValueError(
            f"Expected `rows` to be a positive int. Received: rows={rows!r}"
        )
    else:
        cols = math.ceil(num / rows)
    if isinstance(padding, bool) or not isinstance(padding, int) or padding < 0:
        raise ValueError(
            "Expected `padding` to be a non-negative int. "
            f"Received: padding={padding!r}"
        )
    pixels = to_uint8(images)
    if pixels.shape[-1] == 1:
        pixels = np.repeat(pixels, 3, axis=-1)
    height, width = pixels.shape[1:3]
    grid = np.zeros(
        (
            rows * (height + padding) + padding,
            cols * (width + padding) + padding,
            3,
        ),
        dtype="uint8",
    )
    for i, image in enumerate(pixels[: rows * cols]):
        top = padding + (i // cols) * (height + padding)
        left = padding + (i % cols) * (width + padding)
        grid[top : top + height, left : left + width] = image
    return grid


def save_image(path, array):
    """Writes a uint8 `(height, width)` or `(height, width, 1 or 3)` array.

    The format follows the file extension (PNG for `.png`). Parent folders
    are created as needed.
    """
    from PIL import Image

    array = np.asarray(array)
    if array.dtype != np.uint8:
        raise ValueError(
            "Expected a uint8 array (use `make_grid` or `to_uint8` for "
            f"images in [-1, 1]). Received: array.dtype={array.dtype}"
        )
    if array.ndim == 3 and array.shape[-1] == 1:
        array = array[..., 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[-1] != 3):
        raise ValueError(
            "Expected an array of shape (height, width), (height, width, 1) "
            f"or (height, width, 3). Received: array.shape={array.shape}"
        )
    parent = os.path.dirname(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    Image.fromarray(array).save(path)
    return path
