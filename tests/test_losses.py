import numpy as np
import pytest
import keras
from keras import layers
from keras import ops

from keras_gans import losses
from keras_gans.models import GAN


def _softplus(x):
    return np.logaddexp(0.0, x)


# numpy references: (discriminator loss, generator loss) of raw logits.
REFERENCES = {
    "minimax": (
        lambda r, f: np.mean(_softplus(-r)) + np.mean(_softplus(f)),
        lambda f: -np.mean(_softplus(f)),
    ),
    "non_saturating": (
        lambda r, f: np.mean(_softplus(-r)) + np.mean(_softplus(f)),
        lambda f: np.mean(_softplus(-f)),
    ),
    "least_squares": (
        lambda r, f: 0.5 * (np.mean((r - 1) ** 2) + np.mean(f**2)),
        lambda f: 0.5 * np.mean((f - 1) ** 2),
    ),
    "hinge": (
        lambda r, f: (
            np.mean(np.maximum(0, 1 - r)) + np.mean(np.maximum(0, 1 + f))
        ),
        lambda f: -np.mean(f),
    ),
    "wasserstein": (
        lambda r, f: np.mean(f) - np.mean(r),
        lambda f: -np.mean(f),
    ),
}


def test_every_name_has_a_reference():
    assert sorted(REFERENCES) == losses.names()


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_values_match_numpy(name):
    rng = np.random.default_rng(0)
    # Include large logits: the losses must stay finite and exact there.
    real = np.concatenate([rng.normal(0, 3, (30, 1)), [[60.0], [-60.0]]])
    fake = np.concatenate([rng.normal(0, 3, (30, 1)), [[-60.0], [60.0]]])
    real, fake = real.astype("float32"), fake.astype("float32")
    loss = losses.get(name)
    d_ref, g_ref = REFERENCES[name]
    d_loss = ops.convert_to_numpy(loss.discriminator_loss(real, fake))
    g_loss = ops.convert_to_numpy(loss.generator_loss(fake))
    assert d_loss.shape == () and g_loss.shape == ()
    assert d_loss.dtype == np.float32
    np.testing.assert_allclose(d_loss, d_ref(real, fake), rtol=1e-5)
    np.testing.assert_allclose(g_loss, g_ref(fake), rtol=1e-5)


def test_float32_under_lower_precision_logits():
    logits = np.linspace(-3, 3, 8).reshape(8, 1)
    low = ops.cast(logits, "bfloat16")
    value = losses.get("hinge").discriminator_loss(low, low)
    assert ops.convert_to_numpy(value).dtype == np.float32


def test_get_by_alias_instance_and_config():
    assert isinstance(losses.get("LSGAN"), losses.LeastSquaresLoss)
    assert isinstance(losses.get("wgan"), losses.WassersteinLoss)
    assert isinstance(losses.get("bce"), losses.NonSaturatingLoss)
    assert isinstance(losses.get("non-saturating"), losses.NonSaturatingLoss)
    hinge = losses.HingeLoss()
    assert losses.get(hinge) is hinge
    config = keras.saving.serialize_keras_object(hinge)
    assert isinstance(losses.get(config), losses.HingeLoss)


def test_one_sided_label_smoothing_matches_cross_entropy():
    rng = np.random.default_rng(1)
    real = rng.normal(0, 3, (16, 1)).astype("float32")
    fake = rng.normal(0, 3, (16, 1)).astype("float32")
    loss = losses.NonSaturatingLoss(label_smoothing=0.1)
    # Binary cross-entropy with target 0.9 on real and 0 on fake logits.
    p_real = 1.0 / (1.0 + np.exp(-real.astype("float64")))
    p_fake = 1.0 / (1.0 + np.exp(-fake.astype("float64")))
    expected = -np.mean(
        0.9 * np.log(p_real) + 0.1 * np.log(1 - p_real)
    ) - np.mean(np.log(1 - p_fake))
    value = ops.convert_to_numpy(loss.discriminator_loss(real, fake))
    np.testing.assert_allclose(value, expected, rtol=1e-5)
    # The generator's loss is unchanged, and the setting survives saving.
    np.testing.assert_allclose(
        ops.convert_to_numpy(loss.generator_loss(fake)),
        ops.convert_to_numpy(losses.NonSaturatingLoss().generator_loss(fake)),
    )
    config = keras.saving.serialize_keras_object(loss)
    assert losses.get(config).label_smoothing == pytest.approx(0.1)


@pytest.mark.parametrize("bad", [-0.1, 0.5, "0.1", True])
def test_label_smoothing_out_of_range_is_a_clear_error(bad):
    with pytest.raises(ValueError, match="Received: label_smoothing="):
        losses.NonSaturatingLoss(label_smoothing=bad)


@pytest.mark.parametrize("bad", ["nonsaturating_typo", 3, None])
def test_unknown_loss_is_a_clear_error(bad):
    with pytest.raises(ValueError, match=r"Expected `loss`.*Received: loss="):
        losses.get(bad)


def _tiny_gan():
    generator = keras.Sequential(
        [
            keras.Input((4,)),
            layers.Dense(8 * 8, activation="tanh"),
            layers.Reshape((8, 8, 1)),
        ],
        name="generator",
    )
    # A zero logit layer: the first update sees logits that are exactly 0.
    discriminator = keras.Sequential(
        [
            keras.Input((8, 8, 1)),
            layers.Conv2D(4, 3, strides=2, padding="same"),
            layers.LeakyReLU(0.2),
            layers.Flatten(),
            layers.Dense(1, kernel_initializer="zeros"),
        ],
        name="discriminator",
    )
    return GAN(generator, discriminator, seed=0)


class _FirstLogs(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.logs = []

    def on_train_batch_end(self, batch, logs=None):
        self.logs.append(dict(logs))


# The discriminator loss of the first update, with all logits 0.
AT_ZERO = {
    "minimax": 2 * np.log(2.0),
    "non_saturating": 2 * np.log(2.0),
    "least_squares": 0.5,
    "hinge": 2.0,
    "wasserstein": 0.0,
}


@pytest.mark.parametrize("name", sorted(AT_ZERO))
def test_trains_through_compile(name):
    model = _tiny_gan()
    model.compile(loss=name)
    images = np.random.default_rng(0).uniform(-1, 1, (24, 8, 8, 1))
    record = _FirstLogs()
    model.fit(images, batch_size=8, epochs=1, verbose=0, callbacks=[record])
    assert len(record.logs) == 3
    # The loss that trained is the one named.
    np.testing.assert_allclose(
        record.logs[0]["d_loss"], AT_ZERO[name], atol=1e-6
    )
    for logs in record.logs:
        assert np.isfinite(logs["d_loss"]) and np.isfinite(logs["g_loss"])
    assert isinstance(model.loss_fn, type(losses.get(name)))
