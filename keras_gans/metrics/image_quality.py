"""PSNR and SSIM on the luma channel, as super-resolution papers report them.

Images are float tensors in [-1, 1] (the package's convention), shape
`(batch, height, width, channels)` with 3 (RGB) or 1 channel. RGB images are
reduced to the ITU-R BT.601 luma `Y = 16 + 65.481 R + 128.553 G + 24.966 B`
(R, G, B in [0, 1], Y in [16, 235]: MATLAB's `rgb2ycbcr`, used by the common
SR benchmarks); single-channel images are scaled to [0, 255]. Y is not
rounded to integers. A border of `border` pixels (usually the scale factor)
is cropped before comparing, and both metrics use a data range of 255.

Written with `keras.ops`, so they run inside a training or test step on
every backend; they return one value per image.
"""

import math

import numpy as np
from keras import ops

_LUMA = (65.481, 128.553, 24.966)


def rgb_to_luma(images):
    """BT.601 luma in [16, 235] of images in [-1, 1]; shape `(..., H, W, 1)`.

    Single-channel images are mapped to [0, 255] instead.
    """
    images = ops.cast(images, "float32")
    unit = (ops.clip(images, -1.0, 1.0) + 1.0) / 2.0
    channels = images.shape[-1]
    if channels == 1:
        return unit * 255.0
    if channels != 3:
        raise ValueError(
            "Expected images with 1 or 3 channels. Received: "
            f"images.shape={tuple(images.shape)}"
        )
    weights = ops.convert_to_tensor(np.array(_LUMA, "float32"))
    return 16.0 + ops.sum(unit * weights, axis=-1, keepdims=True)


def _crop(images, border):
    if border:
        return images[:, border:-border, border:-border, :]
    return images


def _prepare(y_true, y_pred, border):
    if isinstance(border, bool) or not isinstance(border, int) or border < 0:
        raise ValueError(
            "Expected `border` to be a non-negative int. "
            f"Received: border={border!r}"
        )
    if tuple(y_true.shape) != tuple(y_pred.shape):
        raise ValueError(
            "Expected `y_true` and `y_pred` of the same shape. Received: "
            f"y_true.shape={tuple(y_true.shape)}, "
            f"y_pred.shape={tuple(y_pred.shape)}"
        )
    return (
        _crop(rgb_to_luma(y_true), border),
        _crop(rgb_to_luma(y_pred), border),
    )


def psnr(y_true, y_pred, border=0):
    """Peak signal-to-noise ratio in dB on the luma channel, per image.

    Args:
        y_true: reference images in [-1, 1], `(batch, H, W, C)`.
        y_pred: images to score, same shape.
        border: pixels cropped on each side before comparing.

    Returns:
        A float32 tensor of shape `(batch,)`. Identical images give `inf`.
    """
    y_true = ops.convert_to_tensor(y_true)
    y_pred = ops.convert_to_tensor(y_pred)
    a, b = _prepare(y_true, y_pred, border)
    mse = ops.mean(ops.square(a - b), axis=(1, 2, 3))
    return 10.0 * ops.log(255.0**2 / mse) / math.log(10.0)


def gaussian_window(size=11, sigma=1.5):
    """The normalised 2-D Gaussian window of SSIM, as a numpy array."""
    offsets = np.arange(size, dtype="float64") - (size - 1) / 2.0
    g = np.exp(-(offsets**2) / (2.0 * sigma**2))
    window = np.outer(g, g)
    return (window / window.sum()).astype("float32")


def ssim(y_true, y_pred, border=0, window_size=11, sigma=1.5):
    """Structural similarity on the luma channel, per image.

    The index of Wang et al. (2004) with their constants (K1 = 0.01,
    K2 = 0.03, L = 255) and an `window_size` x `window_size` Gaussian
    window of standard deviation `sigma`, population (not sample)
    statistics, averaged over the positions where the window fits inside
    the cropped image, as `skimage.metrics.structural_similarity` does with
    `gaussian_weights=True, use_sample_covariance=False, data_range=255`.

    Args:
        y_true: reference images in [-1, 1], `(batch, H, W, C)`.
        y_pred: images to score, same shape.
        border: pixels cropped on each side before comparing.
        window_size: side of the Gaussian window.
        sigma: its standard deviation.

    Returns:
        A float32 tensor of shape `(batch,)`.

    Reference:
        Wang, Bovik, Sheikh & Simoncelli, "Image Quality Assessment: From
        Error Visibility to Structural Similarity", IEEE TIP 2004.
    """
    y_true = ops.convert_to_tensor(y_true)
    y_pred = ops.convert_to_tensor(y_pred)
    a, b = _prepare(y_true, y_pred, border)
    # Statistics of values in [0, 1] keep float32 round-off small in the
    # variances, which are differences of nearly equal terms.
    a, b = a / 255.0, b / 255.0
    c1, c2 = 0.01**2, 0.03**2
    kernel = gaussian_window(window_size, sigma)[:, :, None, None]
    kernel = ops.convert_to_tensor(kernel)

    def blur(x):
        return ops.conv(x, kernel, padding="valid")

    mu_a, mu_b = blur(a), blur(b)
    var_a = blur(a * a) - mu_a * mu_a
    var_b = blur(b * b) - mu_b * mu_b
    cov = blur(a * b) - mu_a * mu_b
    index = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / (
        (mu_a * mu_a + mu_b * mu_b + c1) * (var_a + var_b + c2)
    )
    return ops.mean(index, axis=(1, 2, 3))
