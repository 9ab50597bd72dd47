import numpy as np
import pytest
import keras
from keras import layers
from keras import ops

from keras_gans.losses import drift_penalty
from keras_gans.losses import gradient_penalty
from keras_gans.losses import interpolate
from keras_gans.losses import r1_penalty
from keras_gans.losses import r2_penalty
from keras_gans.models import GAN

SHAPE = (4, 4, 2)


def _numpy(x):
    return ops.convert_to_numpy(x)


def _linear_critic(w, b=0.0):
    """D(x) = w . flatten(x) + b: its input gradient is w everywhere."""
    critic = keras.Sequential(
        [keras.Input(SHAPE), layers.Flatten(), layers.Dense(1)],
        name="discriminator",
    )
    critic.layers[-1].set_weights(
        [np.asarray(w, "float32").reshape(-1, 1), np.full(1, b, "float32")]
    )
    return critic


def _quadratic_critic():
    """D(x) = |x|^2 / 2 per sample: its input gradient is x."""
    return lambda x: 0.5 * ops.sum(ops.square(x), axis=(1, 2, 3))[:, None]


def _images(n, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n,) + SHAPE).astype("float32")


def test_linear_critic_closed_forms():
    w = np.random.default_rng(1).standard_normal(int(np.prod(SHAPE)))
    critic = _linear_critic(w, b=0.5)
    real, fake = _images(6, 0), _images(6, 1)
    norm = np.linalg.norm(w)
    gp = gradient_penalty(critic, real, fake, seed_generator=3, weight=10.0)
    np.testing.assert_allclose(_numpy(gp), 10 * (norm - 1) ** 2, rtol=1e-5)
    np.testing.assert_allclose(
        _numpy(r1_penalty(critic, real, weight=0.5)), 0.5 * norm**2, 1e-5
    )
    np.testing.assert_allclose(
        _numpy(r2_penalty(critic, fake)), norm**2, rtol=1e-5
    )
    logits = _numpy(critic(real))
    np.testing.assert_allclose(
        _numpy(drift_penalty(logits)), 1e-3 * np.mean(logits**2), rtol=1e-5
    )
    for value in (gp, r1_penalty(critic, real), drift_penalty(logits)):
        assert _numpy(value).dtype == np.float32 and _numpy(value).shape == ()


def test_zero_gradient_is_finite():
    critic = _linear_critic(np.zeros(int(np.prod(SHAPE))))
    gp = _numpy(gradient_penalty(critic, _images(4), _images(4, 1), 0))
    assert np.isfinite(gp)
    np.testing.assert_allclose(gp, 1.0, atol=1e-5)


def test_per_sample_norms_independent_of_batch_size():
    critic = _quadratic_critic()
    x = _images(8)
    norms = np.linalg.norm(x.reshape(8, -1), axis=1)
    # real == fake: every interpolate is x itself, whatever the weights.
    gp = _numpy(gradient_penalty(critic, x, x, seed_generator=0))
    np.testing.assert_allclose(gp, np.mean((norms - 1) ** 2), rtol=1e-5)
    halves = [
        _numpy(gradient_penalty(critic, x[s], x[s], seed_generator=0))
        for s in (slice(0, 4), slice(4, 8))
    ]
    np.testing.assert_allclose(gp, np.mean(halves), rtol=1e-5)
    r1 = _numpy(r1_penalty(critic, x))
    np.testing.assert_allclose(r1, np.mean(norms**2), rtol=1e-5)
    np.testing.assert_allclose(
        r1,
        np.mean([_numpy(r1_penalty(critic, x[:4])),
                 _numpy(r1_penalty(critic, x[4:]))]),
        rtol=1e-5,
    )


def test_interpolation_weights_uniform_per_sample():
    real = np.zeros((256,) + SHAPE, "float32")
    fake = np.ones((256,) + SHAPE, "float32")
    generator = keras.random.SeedGenerator(5)
    points = _numpy(interpolate(real, fake, generator))
    # One weight per sample, shared by all its pixels.
    alpha = points[:, 0, 0, 0]
    np.testing.assert_array_equal(points, np.broadcast_to(
        alpha[:, None, None, None], points.shape))
    assert alpha.min() >= 0.0 and alpha.max() <= 1.0
    assert len(np.unique(alpha)) > 250
    assert abs(alpha.mean() - 0.5) < 0.06
    assert abs(np.mean(alpha < 0.25) - 0.25) < 0.08
    # The seed generator advances: the next draw differs.
    again = _numpy(interpolate(real, fake, generator))[:, 0, 0, 0]
    assert not np.allclose(alpha, again)


def test_critic_state_is_left_unchanged():
    critic = keras.Sequential(
        [
            keras.Input(SHAPE),
            layers.Conv2D(3, 3, padding="same"),
            layers.BatchNormalization(),
            layers.Flatten(),
            layers.Dense(1),
        ]
    )
    before = [_numpy(v) for v in critic.non_trainable_variables]
    value = r1_penalty(critic, _images(4) * 3 + 2)
    gradient_penalty(critic, _images(4), _images(4, 1), 0)
    assert np.isfinite(_numpy(value))
    for b, v in zip(before, critic.non_trainable_variables):
        np.testing.assert_array_equal(b, _numpy(v))


def test_float32_under_mixed_precision():
    w = np.random.default_rng(1).standard_normal(int(np.prod(SHAPE))) / 5
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy("mixed_bfloat16")
    try:
        critic = _linear_critic(w)
        assert critic.layers[-1].compute_dtype == "bfloat16"
        gp = _numpy(gradient_penalty(critic, _images(4), _images(4, 1), 0))
        r1 = _numpy(r1_penalty(critic, _images(4)))
    finally:
        keras.config.set_dtype_policy(previous)
    assert gp.dtype == np.float32 and r1.dtype == np.float32
    norm = np.linalg.norm(w)
    np.testing.assert_allclose(gp, (norm - 1) ** 2, rtol=2e-2)
    np.testing.assert_allclose(r1, norm**2, rtol=2e-2)


def test_bad_weight_is_a_clear_error():
    critic = _linear_critic(np.ones(int(np.prod(SHAPE))))
    x = _images(2)
    with pytest.raises(ValueError, match="non-negative.*Received: weight=-1"):
        gradient_penalty(critic, x, x, 0, weight=-1.0)
    with pytest.raises(ValueError, match="Received: weight="):
        r1_penalty(critic, x, weight="10")
    with pytest.raises(ValueError, match="Received: weight="):
        drift_penalty(np.zeros((2, 1)), weight=float("nan"))


class _PenaltyOnly(GAN):
    """A GAN whose critic loss is only a penalty (to isolate its gradient)."""

    penalty = "gradient"

    def discriminator_loss(self, real_images, fake_images):
        if self.penalty == "gradient":
            loss = gradient_penalty(
                self.discriminator, real_images, fake_images,
                self.seed_generator, weight=10.0,
            )
        else:
            loss = r1_penalty(self.discriminator, real_images, weight=2.0)
        return loss, {}


def _penalty_step(penalty, w):
    generator = keras.Sequential(
        [keras.Input((3,)), layers.Dense(int(np.prod(SHAPE))),
         layers.Reshape(SHAPE)],
        name="generator",
    )
    model = _PenaltyOnly(generator, _linear_critic(w, b=0.3), seed=0)
    model.penalty = penalty
    model.compile(
        g_optimizer=keras.optimizers.SGD(0.0),
        d_optimizer=keras.optimizers.SGD(0.01),
    )
    # Real images in [-1, 1]; a linear critic's penalty ignores them.
    model.fit(np.tanh(_images(4)), batch_size=4, epochs=1, verbose=0)
    kernel, bias = model.discriminator.layers[-1].get_weights()
    return kernel.ravel(), bias


@pytest.mark.parametrize("penalty", ["gradient", "r1"])
def test_penalty_trains_the_critic_weights(penalty):
    # One SGD step on the penalty alone, through the compiled train step:
    # the double derivative must reach the critic's weights.
    w = np.random.default_rng(2).standard_normal(int(np.prod(SHAPE))) / 4
    norm = np.linalg.norm(w)
    if penalty == "gradient":
        grad = 10.0 * 2 * (norm - 1) * w / norm
    else:
        grad = 2.0 * 2 * w
    kernel, bias = _penalty_step(penalty, w)
    np.testing.assert_allclose(kernel, w - 0.01 * grad, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(bias, 0.3, rtol=1e-6)


def test_zero_gradient_step_stays_finite():
    kernel, _ = _penalty_step("gradient", np.zeros(int(np.prod(SHAPE))))
    assert np.isfinite(kernel).all()
