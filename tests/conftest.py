"""Shared fixtures. The backend is chosen by KERAS_BACKEND before import."""

import numpy as np
import pytest
import keras


@pytest.fixture(autouse=True)
def _reset_keras_state():
    keras.utils.clear_session()
    keras.utils.set_random_seed(0)
    yield


@pytest.fixture
def tiny_images():
    """64 real digits at 16x16x1 in [-1, 1]."""
    from sklearn.datasets import load_digits

    digits = load_digits().images[:64].astype("float32") / 16.0
    # Nearest upsampling 8 -> 16 keeps this fixture free of resampling code.
    images = digits.repeat(2, axis=1).repeat(2, axis=2)[..., None]
    return images * 2.0 - 1.0


def to_numpy(variables):
    return [np.array(keras.ops.convert_to_numpy(v)) for v in variables]
