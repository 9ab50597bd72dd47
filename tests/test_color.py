"""RGB <-> Lab conversion with keras.ops, against scikit-image."""

import warnings

import numpy as np
import pytest
from keras import ops
from skimage import color as skcolor

from keras_gans import color


def _np(x):
    return np.asarray(ops.convert_to_numpy(x), dtype="float64")


def _rgb_samples():
    rng = np.random.default_rng(0)
    corners = np.array(
        [[i >> 2 & 1, i >> 1 & 1, i & 1] for i in range(8)], "float64"
    )
    dark = rng.uniform(0, 0.05, (200, 3))  # the linear parts of both curves
    return np.concatenate([rng.random((2000, 3)), corners, dark])


def test_rgb_to_lab_matches_skimage():
    rgb = _rgb_samples()
    got = _np(color.rgb_to_lab(rgb.astype("float32")))
    np.testing.assert_allclose(got, skcolor.rgb2lab(rgb), atol=2e-3)


def test_lab_to_rgb_matches_skimage():
    rng = np.random.default_rng(1)
    lab = np.stack(
        [
            rng.uniform(0, 100, 3000),
            rng.uniform(-110, 110, 3000),
            rng.uniform(-110, 110, 3000),
        ],
        axis=-1,
    )
    got = _np(color.lab_to_rgb(lab.astype("float32")))
    with warnings.catch_warnings():
        # skimage warns about out-of-gamut samples; both sides clip them.
        warnings.simplefilter("ignore")
        want = skcolor.lab2rgb(lab)
    np.testing.assert_allclose(got, want, atol=1e-4)


def test_round_trip_on_a_photograph():
    from skimage import data

    image = data.astronaut()[::4, ::4] / 255.0
    back = _np(color.lab_to_rgb(color.rgb_to_lab(image.astype("float32"))))
    np.testing.assert_allclose(back, image, atol=1e-4)
    # And through skimage on one side.
    back = _np(color.lab_to_rgb(skcolor.rgb2lab(image).astype("float32")))
    np.testing.assert_allclose(back, image, atol=1e-4)


def test_scaled_lab_range_and_round_trip():
    rgb = _rgb_samples().astype("float32") * 2 - 1
    lightness, chroma = color.rgb_to_scaled_lab(rgb)
    lightness, chroma = _np(lightness), _np(chroma)
    assert lightness.shape == (len(rgb), 1) and chroma.shape == (len(rgb), 2)
    assert lightness.min() >= -1 - 1e-5 and lightness.max() <= 1 + 1e-5
    # AB_SCALE keeps every sRGB colour's chroma inside a tanh's range.
    assert np.abs(chroma).max() < 1.0
    back = _np(color.scaled_lab_to_rgb(lightness, chroma))
    np.testing.assert_allclose(back, rgb, atol=2e-4)
    np.testing.assert_allclose(
        chroma * color.AB_SCALE,
        skcolor.rgb2lab((rgb.astype("float64") + 1) / 2)[:, 1:],
        atol=2e-3,
    )


def test_gradient_is_finite_at_black_and_white():
    # The cube root and the gamma curve have infinite slopes at 0; the
    # conversion must still give finite gradients (it may sit in a loss).
    from keras_gans import backend

    if backend.name() == "jax":
        import jax

        grad = jax.grad(lambda x: color.rgb_to_lab(x).sum())
        values = np.asarray(grad(np.array([[0.0, 0, 0], [1, 1, 1]])))
    elif backend.name() == "tensorflow":
        import tensorflow as tf

        x = tf.constant([[0.0, 0, 0], [1, 1, 1]])
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(color.rgb_to_lab(x))
        values = tape.gradient(y, x).numpy()
    else:
        import torch

        x = torch.tensor([[0.0, 0, 0], [1, 1, 1]], requires_grad=True)
        color.rgb_to_lab(x).sum().backward()
        values = x.grad.numpy()
    assert np.isfinite(values).all()


def test_bad_channels():
    with pytest.raises(ValueError, match="3 channels"):
        color.rgb_to_lab(np.zeros((2, 4, 4, 1), "float32"))
    with pytest.raises(ValueError, match="lightness with 1 channel"):
        color.scaled_lab_to_rgb(
            np.zeros((2, 4, 4, 3), "float32"),
            np.zeros((2, 4, 4, 2), "float32"),
        )
