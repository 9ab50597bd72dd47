"""Checks that real images suit a GAN, run before any training step."""

import warnings

import numpy as np

# Float images may overshoot [-1, 1] by this much (resampling, rounding).
RANGE_TOLERANCE = 1e-3


def check_images(images, image_shape, what):
    """Validates a numpy array of real images against a model.

    Accepts uint8 (any values; rescaled later) or finite floats in [-1, 1].
    Warns when floats look like [0, 1].

    Args:
        images: the array, `(num,) + image_shape`.
        image_shape: the model's `(height, width, channels)`.
        what: how to name the images in messages ("x", "the first batch").

    Raises:
        ValueError: wrong shape, dtype, range, or NaN/infinite values.
    """
    image_shape = tuple(image_shape)
    if images.ndim != 4 or tuple(images.shape[1:]) != image_shape:
        hint = ""
        if images.ndim == 3 and tuple(images.shape) == image_shape:
            hint = " (a single image: batch the data)"
        elif images.ndim == 4 and images.shape[1:] == (
            image_shape[2],
            image_shape[0],
            image_shape[1],
        ):
            hint = " (channels first: images must be channels last)"
        raise ValueError(
            f"Expected images of shape (num_images,) + {image_shape}. "
            f"Received: {what} of shape {tuple(images.shape)}{hint}"
        )
    if images.dtype == np.uint8:
        return
    if not np.issubdtype(images.dtype, np.floating):
        raise ValueError(
            "Expected uint8 images in [0, 255] or float images in [-1, 1]. "
            f"Received: {what} of dtype {images.dtype}"
        )
    finite = np.isfinite(images)
    if not finite.all():
        bad = finite.size - np.count_nonzero(finite)
        raise ValueError(
            "Expected finite pixel values. "
            f"Received: {what} with {bad} NaN or infinite values"
        )
    low, high = float(images.min()), float(images.max())
    if low < -1 - RANGE_TOLERANCE or high > 1 + RANGE_TOLERANCE:
        raise ValueError(
            "Expected float images in [-1, 1], the range of the generator's "
            "tanh (uint8 images are rescaled automatically). "
            f"Received: {what} with values in [{low:g}, {high:g}]"
        )
    if low >= 0:
        warnings.warn(
            f"{what} has values in [{low:g}, {high:g}], which looks like "
            "images scaled to [0, 1]; the generator produces [-1, 1]. "
            "Rescale with `images * 2 - 1` unless this is intended.",
            stacklevel=2,
        )
