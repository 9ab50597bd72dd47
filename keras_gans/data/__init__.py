"""Data loading and validation (temporary minimal version)."""

import numpy as np


def prepare_fit_data(x, image_shape, batch_size, group, seed=None):
    batch_size = batch_size or 32
    x = np.asarray(x)
    if x.dtype == np.uint8:
        x = x.astype("float32") / 127.5 - 1.0
    step = batch_size * group
    n = len(x) - len(x) % step
    return x[:n], step
