"""Generator EMA in the GAN base model."""

import keras
import numpy as np
import pytest

from keras_gans.models import DCGAN


def _np(x):
    return keras.ops.convert_to_numpy(x)


def _model(decay=0.9):
    keras.utils.set_random_seed(0)
    model = DCGAN.from_preset("tiny", seed=1)
    model.compile(ema_decay=decay)
    return model


def _images(n=8):
    rng = np.random.default_rng(0)
    return rng.uniform(-1, 1, (n, 16, 16, 1)).astype("float32")


def _trainable_pairs(model):
    trainable = {id(v) for v in model.generator.trainable_variables}
    return [
        (e, w)
        for e, w in zip(model.ema_generator.weights, model.generator.weights)
        if id(w) in trainable
    ]


def test_ema_follows_the_documented_update():
    decay = 0.9
    model = _model(decay)
    x = _images()
    ema_before = [_np(e) for e, _ in _trainable_pairs(model)]
    gen_before = [_np(w) for _, w in _trainable_pairs(model)]
    for a, b in zip(ema_before, gen_before):
        np.testing.assert_array_equal(a, b)
    for t in (1, 2, 3):
        model.fit(x, batch_size=8, epochs=1, verbose=0)
        assert int(model.g_optimizer.iterations) == t
        d = min(decay, (1 + t) / (10 + t))
        pairs = _trainable_pairs(model)
        for (ema, weight), prev in zip(pairs, ema_before):
            expected = d * prev + (1 - d) * _np(weight)
            np.testing.assert_allclose(_np(ema), expected, atol=1e-6)
        moved = max(np.abs(_np(e) - _np(w)).max() for e, w in pairs)
        assert moved > 0  # the average lags behind the generator
        ema_before = [_np(e) for e, _ in pairs]
    # BatchNorm statistics are copied, not averaged.
    gen_bn = model.generator.get_layer("project_bn")
    ema_bn = model.ema_generator.get_layer("project_bn")
    np.testing.assert_array_equal(
        _np(ema_bn.moving_mean), _np(gen_bn.moving_mean)
    )
    assert np.abs(_np(gen_bn.moving_mean)).max() > 0


def test_generate_uses_ema_and_it_survives_saving(tmp_path):
    model = _model()
    model.fit(_images(16), batch_size=8, epochs=1, verbose=0)
    with_ema = model.generate(4, seed=3)
    without = model.generate(4, seed=3, use_ema=False)
    direct = keras.ops.convert_to_numpy(
        model.ema_generator(model.sample_latents(4, 3), training=False)
    )
    np.testing.assert_allclose(with_ema, np.clip(direct, -1, 1), atol=1e-6)
    assert np.abs(with_ema - without).max() > 1e-6
    path = str(tmp_path / "gan.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert loaded.ema_decay == model.ema_decay
    for a, b in zip(loaded.ema_generator.weights, model.ema_generator.weights):
        np.testing.assert_array_equal(_np(a), _np(b))
    np.testing.assert_allclose(loaded.generate(4, seed=3), with_ema, atol=1e-6)
    # Without compiling, as the sample and evaluate commands load models.
    bare = keras.saving.load_model(path, compile=False)
    np.testing.assert_allclose(bare.generate(4, seed=3), with_ema, atol=1e-6)


def test_ema_is_opt_in_and_kept_once_made():
    model = DCGAN.from_preset("tiny")
    model.compile()
    assert model.ema_generator is None
    count = len(model.weights)
    model.compile(ema_decay=0.99)
    assert len(model.weights) == count + len(model.generator.weights)
    with pytest.warns(UserWarning, match="keeps it"):
        model.compile()
    assert model.ema_decay == 0.99


@pytest.mark.parametrize("decay", [0.0, 1.0, 1.5, "0.9", True])
def test_bad_ema_decay(decay):
    model = DCGAN.from_preset("tiny")
    with pytest.raises(ValueError, match="ema_decay"):
        model.compile(ema_decay=decay)
