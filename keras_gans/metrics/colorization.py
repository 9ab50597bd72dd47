"""Colorization error on held-out colour images, against "no colour"."""

import numpy as np
from keras import ops

from keras_gans import color
from keras_gans.metrics.translation import translation_scores


def colorization_scores(model, images, batch_size=32):
    """Errors of a colorization model and of the trivial answer `ab = 0`.

    Each held-out colour image is reduced to its lightness, colorized, and
    compared with the original: the mean absolute error of a and b in Lab
    units, and L1/PSNR of the RGB image (`translation_scores`). The
    baseline keeps the lightness and predicts no colour (a = b = 0): the
    greyscale image itself.

    Args:
        model: a model with `colorize(images)` returning RGB in [-1, 1].
        images: colour images, uint8 or floats in [-1, 1], `(n, h, w, 3)`.

    Returns:
        `{"images": n, "model": {...}, "ab_zero": {...}}`, each score dict
        holding `ab_l1` (Lab units), `l1` and `psnr`.
    """
    images = np.asarray(images)
    if images.dtype == np.uint8:
        images = images.astype("float32") / 127.5 - 1.0
    images = images.astype("float32")
    lightness, chroma = color.rgb_to_scaled_lab(images)
    outputs = model.colorize(images, batch_size=batch_size)
    grey = ops.convert_to_numpy(
        color.scaled_lab_to_rgb(lightness, ops.zeros_like(chroma))
    )
    chroma = ops.convert_to_numpy(chroma)
    result = {"images": len(images)}
    for name, rgb in (("model", outputs), ("ab_zero", grey)):
        predicted = ops.convert_to_numpy(color.rgb_to_scaled_lab(rgb)[1])
        scores = {
            "ab_l1": float(np.abs(predicted - chroma).mean() * color.AB_SCALE)
        }
        scores.update(translation_scores(rgb, images))
        result[name] = scores
    return result
