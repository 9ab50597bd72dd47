"""Pix2Pix and its training step, under the active backend."""

import numpy as np
import pytest
import keras

from keras_gans import backend
from keras_gans.models import Pix2Pix
from keras_gans.models.pix2pix import unet_generator
from tests.conftest import to_numpy


def _pairs(n=8, size=32, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (n, size, size, 3)).astype("float32")
    return x, -x


def _changed(before, after):
    return [not np.array_equal(a, b) for a, b in zip(before, after)]


class _GeneratorPhaseOnly(Pix2Pix):
    def train_updates(self, data):
        x, y, _ = keras.utils.unpack_x_y_sample_weight(data)
        loss, _ = self.train_networks(
            lambda: self.generator_loss(x, y),
            [self.generator],
            self.g_optimizer,
            frozen=[self.discriminator],
        )
        return {"d_loss": 0.0, "g_loss": loss, "l1_loss": 0.0}


class _DiscriminatorPhaseOnly(Pix2Pix):
    def train_updates(self, data):
        x, y, _ = keras.utils.unpack_x_y_sample_weight(data)
        fake = self.run_frozen(
            lambda: self.generator(x, training=True), [self.generator]
        )
        loss, _ = self.train_networks(
            lambda: (self.discriminator_loss(x, y, fake), None),
            [self.discriminator],
            self.d_optimizer,
        )
        return {"d_loss": loss, "g_loss": 0.0, "l1_loss": 0.0}


def test_shapes_through_generator_and_discriminator():
    model = Pix2Pix.from_preset("tiny", output_channels=1)
    x = np.zeros((2, 32, 32, 3), "float32")
    out = model.generator(x)
    assert tuple(out.shape) == (2, 32, 32, 1)
    logits = model.discriminator([x, keras.ops.convert_to_numpy(out)])
    assert tuple(logits.shape) == (2, 6, 6, 1)  # 32 / 2**2 - 2
    single = model.translate(x[0], dropout=False)
    assert single.shape == (32, 32, 1)


@pytest.mark.parametrize("size, downs", [(256, 8), (64, 6), (32, 5)])
def test_unet_depth_follows_image_size(size, downs):
    g = unet_generator(size, filters=1)
    names = [layer.name for layer in g.layers]
    assert sum(n.startswith("down") for n in names) == downs
    assert sum(n.startswith("up") for n in names) == downs - 1
    # The innermost block reaches 1x1.
    assert tuple(g.get_layer(f"down{downs}").output.shape[1:3]) == (1, 1)
    dropouts = [g.get_layer(f"up{j}").dropout for j in range(1, downs)]
    assert dropouts == [0.5] * min(3, downs - 1) + [0.0] * (downs - 4)


@pytest.mark.parametrize("size", [48, 100, 2, 0])
def test_size_the_unet_cannot_take(size):
    with pytest.raises(ValueError, match=f"Received: image_size={size}"):
        Pix2Pix(image_size=size)


def test_trains_with_finite_losses():
    model = Pix2Pix.from_preset("tiny", seed=1)
    model.compile()
    x, y = _pairs()
    history = model.fit(x, y, batch_size=4, epochs=2, verbose=0)
    for key in ("d_loss", "g_loss", "l1_loss"):
        assert len(history.history[key]) == 2
        assert np.isfinite(history.history[key]).all()
    expected = backend.name() in ("tensorflow", "jax")
    assert model._step_was_compiled is expected
    assert int(keras.ops.convert_to_numpy(model.g_optimizer.iterations)) == 4
    assert int(keras.ops.convert_to_numpy(model.d_optimizer.iterations)) == 4


def test_generator_step_leaves_discriminator_untouched():
    model = _GeneratorPhaseOnly(**Pix2Pix.presets()["tiny"], seed=2)
    model.compile()
    x, y = _pairs(4)
    d_before = to_numpy(model.discriminator.variables)
    g_before = to_numpy(model.generator.trainable_variables)
    model.train_on_batch(x, y)
    # D ran in training mode (batch statistics) yet its weights and
    # moving statistics are exactly as before.
    assert not any(_changed(d_before, to_numpy(model.discriminator.variables)))
    assert all(
        _changed(g_before, to_numpy(model.generator.trainable_variables))
    )


def test_discriminator_step_leaves_generator_untouched():
    model = _DiscriminatorPhaseOnly(**Pix2Pix.presets()["tiny"], seed=2)
    model.compile()
    x, y = _pairs(4)
    float_state = [
        v for v in model.generator.variables if "float" in str(v.dtype)
    ]
    g_before = to_numpy(float_state)
    d_before = to_numpy(model.discriminator.trainable_variables)
    model.train_on_batch(x, y)
    assert not any(_changed(g_before, to_numpy(float_state)))
    assert all(
        _changed(d_before, to_numpy(model.discriminator.trainable_variables))
    )


def test_inference_dropout_flag():
    model = Pix2Pix.from_preset("tiny", seed=3)
    x, _ = _pairs(2)
    state = to_numpy(model.generator.non_trainable_variables)
    a, b = model.translate(x), model.translate(x)
    assert a.shape == x.shape and a.min() >= -1.0 and a.max() <= 1.0
    # Dropout is the noise source at inference, as in the paper...
    assert not np.array_equal(a, b)
    # ...and running G in training mode leaves its statistics alone.
    after = to_numpy(model.generator.non_trainable_variables)
    floats = [s for s in state if s.dtype.kind == "f"]
    assert not any(_changed(floats, [s for s in after if s.dtype.kind == "f"]))
    # The flag turns it off.
    np.testing.assert_array_equal(
        model.translate(x, dropout=False), model.translate(x, dropout=False)
    )
    quiet = Pix2Pix.from_preset("tiny", inference_dropout=False)
    np.testing.assert_array_equal(quiet.translate(x), quiet.translate(x))


def test_save_load_exact(tmp_path):
    model = Pix2Pix.from_preset("tiny", seed=4)
    model.compile(l1_weight=50.0)
    x, y = _pairs(4)
    model.fit(x, y, batch_size=2, epochs=1, verbose=0)
    path = str(tmp_path / "pix2pix.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert isinstance(loaded, Pix2Pix)
    assert loaded.get_config() == model.get_config()
    assert loaded.l1_weight == 50.0
    np.testing.assert_array_equal(
        loaded.translate(x, dropout=False), model.translate(x, dropout=False)
    )
    for a, b in zip(model.variables, loaded.variables):
        np.testing.assert_array_equal(
            keras.ops.convert_to_numpy(a), keras.ops.convert_to_numpy(b)
        )
    assert int(keras.ops.convert_to_numpy(loaded.g_optimizer.iterations)) == 2


def test_bad_input():
    model = Pix2Pix.from_preset("tiny")
    model.compile()
    x, y = _pairs(4)
    with pytest.raises(ValueError, match="same height and width"):
        model.fit(x, y[:, :16, :16], batch_size=2, verbose=0)
    with pytest.raises(ValueError, match="as many inputs as targets"):
        model.fit(x, y[:3], batch_size=2, verbose=0)
    with pytest.raises(ValueError, match="Expected images of size 32x32"):
        model.fit(x[:, :16, :16], y[:, :16, :16], batch_size=2, verbose=0)
    with pytest.raises(ValueError, match="targets with 3 channels"):
        model.fit(x, y[..., :1], batch_size=2, verbose=0)
    with pytest.raises(ValueError, match="Received: y=None"):
        model.fit(x, batch_size=2, verbose=0)
    with pytest.raises(ValueError, match="images.shape"):
        model.translate(np.zeros((2, 16, 16, 3), "float32"))
    with pytest.raises(ValueError, match="l1_weight=-1"):
        model.compile(l1_weight=-1)
    with pytest.raises(RuntimeError, match="compile"):
        Pix2Pix.from_preset("tiny").fit(x, y)
