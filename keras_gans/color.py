"""RGB <-> CIE Lab conversion written with `keras.ops`.

The conversions run on tensors of any backend, inside a compiled training
step or on numpy arrays, and follow scikit-image's `rgb2lab`/`lab2rgb`:
sRGB primaries, the D65 white point and the 2 degree observer.

Colorization models work on a scaled Lab: the lightness L in [0, 100] is
mapped to [-1, 1] by `L / 50 - 1`, and the chroma channels a and b are
divided by `AB_SCALE`. Every sRGB colour has |a| <= 98.3 and |b| <= 107.9,
so with `AB_SCALE = 110` the scaled chroma of any real image lies inside
[-1, 1] and a tanh output can reach all of it.
"""

from keras import ops

AB_SCALE = 110.0

# Linear sRGB -> XYZ (D65), the matrix scikit-image uses.
_XYZ_FROM_RGB = (
    (0.412453, 0.357580, 0.180423),
    (0.212671, 0.715160, 0.072169),
    (0.019334, 0.119193, 0.950227),
)
_WHITE_D65 = (0.95047, 1.0, 1.08883)
_EPSILON = 0.008856  # (6/29)^3, where the cube root turns linear
_KAPPA = 7.787  # slope of the linear part, (29/6)^2 / 3


def _matmul3(x, matrix):
    """Applies a 3x3 matrix to the last axis of `x`."""
    return ops.matmul(x, ops.transpose(ops.convert_to_tensor(matrix, x.dtype)))


def _inverse(matrix):
    # Exact inverse of a 3x3 matrix by cofactors, so that the module needs no
    # numpy linear algebra at import and round trips close in float32.
    (a, b, c), (d, e, f), (g, h, i) = matrix
    det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    return (
        ((e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det),
        ((f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det),
        ((d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det),
    )


_RGB_FROM_XYZ = _inverse(_XYZ_FROM_RGB)


def _as_float(images):
    images = ops.convert_to_tensor(images)
    if "float" not in str(images.dtype):
        images = ops.cast(images, "float32")
    if images.shape[-1] != 3:
        raise ValueError(
            "Expected images with 3 channels in the last axis. "
            f"Received: shape={tuple(images.shape)}"
        )
    return images


def rgb_to_lab(images):
    """Converts sRGB images in [0, 1] to CIE Lab.

    Args:
        images: float tensor or array of shape `(..., 3)`, values in [0, 1].

    Returns:
        A tensor of the same shape: L in [0, 100], a and b roughly in
        [-110, 110].
    """
    rgb = ops.clip(_as_float(images), 0.0, 1.0)
    # Undo the sRGB gamma. The power's argument is kept positive on both
    # branches so that its gradient stays finite.
    curved = ops.power((ops.maximum(rgb, 0.04045) + 0.055) / 1.055, 2.4)
    linear = ops.where(rgb > 0.04045, curved, rgb / 12.92)
    xyz = _matmul3(linear, _XYZ_FROM_RGB)
    xyz = xyz / ops.convert_to_tensor(_WHITE_D65, xyz.dtype)
    cube_root = ops.power(ops.maximum(xyz, _EPSILON), 1.0 / 3.0)
    f = ops.where(xyz > _EPSILON, cube_root, _KAPPA * xyz + 16.0 / 116.0)
    fx, fy, fz = f[..., 0], f[..., 1], f[..., 2]
    lightness = 116.0 * fy - 16.0
    return ops.stack([lightness, 500.0 * (fx - fy), 200.0 * (fy - fz)], axis=-1)


def lab_to_rgb(lab):
    """Converts CIE Lab to sRGB in [0, 1] (out-of-gamut colours clipped).

    Args:
        lab: float tensor or array of shape `(..., 3)`: L in [0, 100], a and
            b unscaled.

    Returns:
        A tensor of the same shape with values in [0, 1].
    """
    lab = _as_float(lab)
    fy = (lab[..., 0] + 16.0) / 116.0
    fx = fy + lab[..., 1] / 500.0
    # As scikit-image does, a negative z is clipped to zero.
    fz = ops.maximum(fy - lab[..., 2] / 200.0, 0.0)
    f = ops.stack([fx, fy, fz], axis=-1)
    threshold = 6.0 / 29.0
    xyz = ops.where(
        f > threshold,
        f * f * f,
        (f - 16.0 / 116.0) / _KAPPA,
    )
    xyz = xyz * ops.convert_to_tensor(_WHITE_D65, xyz.dtype)
    linear = _matmul3(xyz, _RGB_FROM_XYZ)
    curved = 1.055 * ops.power(ops.maximum(linear, 0.0031308), 1 / 2.4)
    rgb = ops.where(linear > 0.0031308, curved - 0.055, 12.92 * linear)
    return ops.clip(rgb, 0.0, 1.0)


def rgb_to_scaled_lab(images):
    """Splits images in [-1, 1] into scaled lightness and chroma.

    Args:
        images: `(..., 3)` RGB images in [-1, 1] (the package's image range).

    Returns:
        `(lightness, chroma)`: `(..., 1)` with `L / 50 - 1` and `(..., 2)`
        with `(a, b) / AB_SCALE`, both in [-1, 1].
    """
    lab = rgb_to_lab((_as_float(images) + 1.0) / 2.0)
    lightness = lab[..., :1] / 50.0 - 1.0
    chroma = lab[..., 1:] / AB_SCALE
    return lightness, chroma


def scaled_lab_to_rgb(lightness, chroma):
    """Inverse of `rgb_to_scaled_lab`: RGB images in [-1, 1].

    Args:
        lightness: `(..., 1)`, `L / 50 - 1`.
        chroma: `(..., 2)`, `(a, b) / AB_SCALE`.
    """
    lightness = ops.convert_to_tensor(lightness)
    chroma = ops.cast(ops.convert_to_tensor(chroma), lightness.dtype)
    if lightness.shape[-1] != 1 or chroma.shape[-1] != 2:
        raise ValueError(
            "Expected lightness with 1 channel and chroma with 2. Received: "
            f"lightness.shape={tuple(lightness.shape)}, "
            f"chroma.shape={tuple(chroma.shape)}"
        )
    lab = ops.concatenate(
        [(lightness + 1.0) * 50.0, chroma * AB_SCALE], axis=-1
    )
    return lab_to_rgb(lab) * 2.0 - 1.0


def rgb_to_grayscale(images):
    """Lightness of RGB images in [-1, 1], as a `(..., 1)` image in [-1, 1].

    This is the input a colorization generator sees: CIE L rescaled, not the
    luma of `keras.ops.image.rgb_to_grayscale`.
    """
    return rgb_to_scaled_lab(images)[0]
