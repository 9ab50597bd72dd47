"""Image resizing for feature extractors, done on the host in numpy.

Resizing before the network is one of the choices that makes FIDs differ
between implementations, so each method here is one that a reference
implementation uses, written out so that it gives the same numbers on every
Keras backend (backend resize ops differ in antialiasing and edge handling).
"""

import numpy as np


def torch_bilinear_matrix(in_size, out_size):
    """Weights of 1-D bilinear resizing as `torch.nn.functional.interpolate`
    computes it (`align_corners=False`, no antialiasing).

    Output pixel `i` samples the input at `(i + 0.5) * in / out - 0.5`,
    clamped at 0, from its two neighbours (the right one clamped at the
    edge). Returns a `(out_size, in_size)` float64 matrix.
    """
    scale = in_size / out_size
    src = (np.arange(out_size) + 0.5) * scale - 0.5
    src = np.maximum(src, 0.0)
    left = np.minimum(np.floor(src).astype(int), in_size - 1)
    right = np.minimum(left + 1, in_size - 1)
    frac = src - left
    matrix = np.zeros((out_size, in_size))
    rows = np.arange(out_size)
    np.add.at(matrix, (rows, left), 1.0 - frac)
    np.add.at(matrix, (rows, right), frac)
    return matrix


def resize_bilinear_torch(images, size):
    """Resizes float NHWC images to `size x size` like pytorch-fid does."""
    _, height, width, _ = images.shape
    if (height, width) == (size, size):
        return images.astype(np.float32)
    rows = torch_bilinear_matrix(height, size).astype(np.float32)
    cols = torch_bilinear_matrix(width, size).astype(np.float32)
    out = np.einsum("oh,nhwc->nowc", rows, images.astype(np.float32))
    return np.einsum("pw,nowc->nopc", cols, out)


def resize_pil(images, size, method="bicubic"):
    """Resizes each channel of float NHWC images with Pillow's float mode.

    Pillow's filters antialias when shrinking. With `method="bicubic"` this
    is the resize clean-fid recommends (Parmar et al., 2022): it keeps the
    values in float, so nothing is lost to a second uint8 rounding.

    Reference:
        Parmar, Zhang & Zhu, "On Aliased Resizing and Surprising Subtleties
        in GAN Evaluation", CVPR 2022.
    """
    from PIL import Image

    filters = {
        "bicubic": Image.Resampling.BICUBIC,
        "bilinear": Image.Resampling.BILINEAR,
        "nearest": Image.Resampling.NEAREST,
        "lanczos": Image.Resampling.LANCZOS,
    }
    if method not in filters:
        raise ValueError(
            f"Expected a resize method among {sorted(filters)}. "
            f"Received: method={method!r}"
        )
    n, height, width, channels = images.shape
    if (height, width) == (size, size):
        return images.astype(np.float32)
    out = np.empty((n, size, size, channels), np.float32)
    for i in range(n):
        for c in range(channels):
            plane = Image.fromarray(images[i, :, :, c].astype(np.float32), "F")
            plane = plane.resize((size, size), resample=filters[method])
            out[i, :, :, c] = np.asarray(plane)
    return out
