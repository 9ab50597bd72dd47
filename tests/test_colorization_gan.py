"""ColorizationGAN: generator, training step, colorize, saving, errors."""

import numpy as np
import pytest
import keras

from keras_gans import backend
from keras_gans import color
from keras_gans.models import ColorizationGAN
from keras_gans.models.colorization_gan import colorization_generator
from tests.conftest import to_numpy

# The phase-isolation tests run the same code path eagerly where that is
# cheaper than tracing the step a second time (the training test covers
# the compiled step); on JAX, op-by-op execution is the slower of the two.
EAGER = backend.name() != "jax"

SMALL = dict(
    image_size=32,
    generator_filters=4,
    discriminator_filters=4,
    num_residual_blocks=1,
    discriminator_layers=2,
)


def _photos(n=8, seed=0):
    """Colour patches cut from a real photograph."""
    from skimage import data

    image = data.coffee()[::3, ::3]
    rng = np.random.default_rng(seed)
    tops = rng.integers(0, image.shape[0] - 36, n)
    lefts = rng.integers(0, image.shape[1] - 36, n)
    return np.stack(
        [image[t : t + 36, s : s + 36] for t, s in zip(tops, lefts)]
    )


class _GeneratorPhaseOnly(ColorizationGAN):
    def train_updates(self, data):
        real = keras.utils.unpack_x_y_sample_weight(data)[0]
        lightness, chroma = color.rgb_to_scaled_lab(real)
        loss, _ = self.train_networks(
            lambda: self.generator_loss(lightness, chroma),
            [self.generator],
            self.g_optimizer,
            frozen=[self.discriminator],
        )
        zero = keras.ops.zeros(())
        return {"d_loss": zero, "g_loss": loss, "l1_loss": zero}


def test_generator_shapes_and_range():
    g = colorization_generator(filters=4, num_residual_blocks=1)
    out = np.asarray(g.predict_on_batch(np.zeros((2, 32, 24, 1), "float32")))
    assert out.shape == (2, 32, 24, 2)
    assert np.abs(out).max() <= 1.0
    # Strided encoder to a quarter of the size, then back up.
    assert tuple(g.get_layer("down2_conv").output.shape[1:]) == (
        None,
        None,
        8,
    )
    assert g.get_layer("chroma").activation.__name__ == "tanh"


def test_trains_colorizes_and_saves_exactly(tmp_path):
    model = ColorizationGAN(**SMALL, seed=1)
    model.compile(l1_weight=50.0)
    history = model.fit(_photos(), batch_size=4, epochs=2, verbose=0)
    for key in ("d_loss", "g_loss", "l1_loss"):
        assert np.isfinite(history.history[key]).all()
    assert int(keras.ops.convert_to_numpy(model.g_optimizer.iterations)) == 4

    # colorize: greyscale in, RGB out, any size, lightness kept.
    grey = (np.mean(_photos(2, seed=3), axis=-1)).astype(np.uint8)[:, :30]
    rgb = model.colorize(grey)
    assert rgb.shape == (2, 30, 36, 3)
    assert rgb.min() >= -1 and rgb.max() <= 1
    grey_rgb = np.repeat(grey[..., None], 3, -1).astype("float32") / 127.5 - 1
    want_l = keras.ops.convert_to_numpy(color.rgb_to_scaled_lab(grey_rgb)[0])
    got_l = keras.ops.convert_to_numpy(color.rgb_to_scaled_lab(rgb)[0])
    # Out-of-gamut chroma is clipped in RGB, which moves L a little.
    assert np.abs(got_l - want_l).mean() < 0.05
    assert model.colorize(grey[0]).shape == (30, 36, 3)

    path = str(tmp_path / "colorization.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert isinstance(loaded, ColorizationGAN)
    assert loaded.l1_weight == 50.0
    np.testing.assert_array_equal(loaded.colorize(grey), rgb)
    for a, b in zip(model.variables, loaded.variables):
        np.testing.assert_array_equal(
            keras.ops.convert_to_numpy(a), keras.ops.convert_to_numpy(b)
        )


def test_generator_step_leaves_discriminator_untouched():
    model = _GeneratorPhaseOnly(**SMALL, seed=2)
    model.compile(run_eagerly=EAGER)
    x = _photos(2).astype("float32")[:, :32, :32] / 127.5 - 1
    d_before = to_numpy(model.discriminator.variables)
    g_before = to_numpy(model.generator.trainable_variables)
    model.train_on_batch(x)
    # D ran in training mode (batch statistics) but nothing of it moved.
    assert not any(
        not np.array_equal(p, q)
        for p, q in zip(d_before, to_numpy(model.discriminator.variables))
    )
    assert all(
        not np.array_equal(p, q)
        for p, q in zip(g_before, to_numpy(model.generator.trainable_variables))
    )


def test_bad_input():
    model = ColorizationGAN(**SMALL)
    model.compile()
    photos = _photos(4)
    grey = photos.copy()
    grey[2] = grey[2, ..., :1]
    with pytest.raises(ValueError, match="colour.*indices \\[2\\] of 4"):
        model.fit(grey, verbose=0)
    with pytest.raises(ValueError, match="at least 32x32"):
        model.fit(photos[:, :20, :20], verbose=0)
    with pytest.raises(ValueError, match="c = 3"):
        model.fit(photos[..., :2], verbose=0)
    with pytest.raises(ValueError, match="gray_images"):
        model.colorize(np.zeros((2, 8, 8, 2), "float32"))
    with pytest.raises(ValueError, match="image_size=30"):
        ColorizationGAN(image_size=30)
    with pytest.raises(ValueError, match="l1_weight=-1"):
        model.compile(l1_weight=-1)
