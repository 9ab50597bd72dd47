"""CycleGAN: networks, training step, schedule, saving, bad input."""

import numpy as np
import pytest
import keras

from keras_gans import backend
from keras_gans.models import CycleGAN
from keras_gans.models.cycle_gan import default_residual_blocks
from keras_gans.models.epoch_schedule import linear_decay_factor
from keras_gans.models.cycle_gan import resnet_generator
from tests.conftest import to_numpy

# The phase-isolation tests run the same code path eagerly where that is
# cheaper than tracing the step a second time (the training test covers
# the compiled step); on JAX, op-by-op execution is the slower of the two.
EAGER = backend.name() != "jax"

# Smaller than the "tiny" preset: tracing the four-network step dominates
# the cost of these tests.
SMALL = dict(
    image_size=32,
    generator_filters=4,
    discriminator_filters=4,
    num_residual_blocks=1,
    discriminator_layers=2,
    pool_size=3,
)


def _domains(seed=0):
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 256, (8, 36, 36, 3), dtype=np.uint8)
    b = rng.integers(0, 256, (6, 34, 40, 3), dtype=np.uint8)
    return a, b


def _batch(n=2, seed=0):
    rng = np.random.default_rng(seed)
    return tuple(
        rng.uniform(-1, 1, (n, 32, 32, 3)).astype("float32") for _ in "ab"
    )


def _changed(before, after):
    return [not np.array_equal(x, y) for x, y in zip(before, after)]


@pytest.fixture(scope="module")
def trained():
    """A small CycleGAN after 2 epochs of 2 steps (compiled step)."""
    keras.utils.clear_session()
    keras.utils.set_random_seed(0)
    model = CycleGAN(**SMALL, seed=3)
    model.compile(constant_epochs=1, decay_epochs=2)
    a, b = _domains()
    history = model.fit(a, b, batch_size=4, epochs=2, verbose=0)
    return model, history


class _GeneratorPhaseOnly(CycleGAN):
    def train_updates(self, data):
        real_a, real_b = keras.utils.unpack_x_y_sample_weight(data)[:2]
        loss, _ = self.train_networks(
            lambda: self.generator_loss(real_a, real_b),
            self.generator_networks,
            self.g_optimizer,
            frozen=self.discriminator_networks,
        )
        zero = keras.ops.zeros(())
        return {
            "d_loss": zero,
            "g_loss": loss,
            "cycle_loss": zero,
            "identity_loss": zero,
        }


class _DiscriminatorPhaseOnly(CycleGAN):
    def train_updates(self, data):
        real_a, real_b = keras.utils.unpack_x_y_sample_weight(data)[:2]
        fake_a = self.pool_a(self.generator_ba(real_b))
        fake_b = self.pool_b(self.generator_ab(real_a))
        loss, _ = self.train_networks(
            lambda: (
                self.discriminator_loss(real_a, real_b, fake_a, fake_b),
                None,
            ),
            self.discriminator_networks,
            self.d_optimizer,
        )
        zero = keras.ops.zeros(())
        return {
            "d_loss": loss,
            "g_loss": zero,
            "cycle_loss": zero,
            "identity_loss": zero,
        }


def test_shapes():
    model = CycleGAN(**SMALL)
    x = np.zeros((2, 32, 32, 3), "float32")
    assert model.translate(x).shape == (2, 32, 32, 3)
    # Fully convolutional: other sizes divisible by 4 go through.
    assert model.translate(np.zeros((2, 24, 40, 3)), "b_to_a").shape == (
        2,
        24,
        40,
        3,
    )
    logits = model.discriminator_a.predict_on_batch(x)
    assert tuple(logits.shape) == (2, 6, 6, 1)  # 32 / 2**2 - 2
    one = model.translate(np.full((32, 32, 3), 255, np.uint8))
    assert one.shape == (32, 32, 3) and np.abs(one).max() <= 1.0


def test_paper_residual_blocks_follow_size():
    assert [default_residual_blocks(s) for s in (512, 256, 128, 32)] == [
        9,
        9,
        6,
        6,
    ]
    model = CycleGAN(
        image_size=64, generator_filters=1, discriminator_filters=1
    )
    assert model.num_residual_blocks == 6
    names = [layer.name for layer in model.generator_ab.layers]
    assert sum(n.startswith("block") for n in names) == 6


def test_generator_layout():
    g = resnet_generator(3, filters=8, num_residual_blocks=2)
    widths = [
        g.get_layer(n).filters
        for n in (
            "stem_conv",
            "down1_conv",
            "down2_conv",
            "up1_conv",
            "up2_conv",
            "head_conv",
        )
    ]
    assert widths == [8, 16, 32, 16, 8, 3]


def test_trains_with_finite_losses(trained):
    model, history = trained
    for key in ("d_loss", "g_loss", "cycle_loss", "identity_loss"):
        assert len(history.history[key]) == 2
        assert np.isfinite(history.history[key]).all()
    # 8 images of A, batch 4: two steps per epoch.
    for opt in (model.g_optimizer, model.d_optimizer):
        assert int(keras.ops.convert_to_numpy(opt.iterations)) == 4
    # The pools filled (3 slots, 4 images per step).
    for pool in (model.pool_a, model.pool_b):
        assert int(keras.ops.convert_to_numpy(pool.count)) == 3


def test_learning_rate_schedule_values(trained):
    assert [linear_decay_factor(e, 3, 3) for e in range(7)] == [
        1.0,
        1.0,
        1.0,
        0.75,
        0.5,
        0.25,
        0.0,
    ]
    assert linear_decay_factor(500, 100, 0) == 1.0
    model, history = trained
    # constant_epochs=1, decay_epochs=2: epoch 0 at 2e-4, epoch 1 at 2/3.
    np.testing.assert_allclose(
        history.history["learning_rate"], [2e-4, 2e-4 * 2 / 3], rtol=1e-6
    )
    assert int(keras.ops.convert_to_numpy(model.epochs_trained)) == 2
    assert model.learning_rate_factor() == pytest.approx(1 / 3)


def test_save_load_exact_and_resume_schedule(trained, tmp_path):
    model, _ = trained
    path = str(tmp_path / "cyclegan.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert isinstance(loaded, CycleGAN)
    assert loaded.get_config() == model.get_config()
    x, _ = _batch(3, seed=5)
    for direction in ("a_to_b", "b_to_a"):
        np.testing.assert_array_equal(
            loaded.translate(x, direction), model.translate(x, direction)
        )
    for a, b in zip(model.variables, loaded.variables):
        np.testing.assert_array_equal(
            keras.ops.convert_to_numpy(a), keras.ops.convert_to_numpy(b)
        )
    # The schedule resumes from the saved epoch count and base rates.
    assert loaded.base_learning_rates == pytest.approx((2e-4, 2e-4))
    assert int(keras.ops.convert_to_numpy(loaded.epochs_trained)) == 2
    assert loaded.learning_rate_factor() == pytest.approx(1 / 3)
    assert loaded.decay_epochs == 2 and loaded.cycle_weight == 10.0


def test_generator_step_leaves_both_discriminators_untouched():
    model = _GeneratorPhaseOnly(**SMALL, seed=2)
    model.compile(run_eagerly=EAGER)
    a, b = _batch()
    d_before = to_numpy(model.discriminator_a.variables) + to_numpy(
        model.discriminator_b.variables
    )
    g_vars = model.generator_ab.trainable_variables
    g_vars += model.generator_ba.trainable_variables
    g_before = to_numpy(g_vars)
    model.train_on_batch(a, b)
    d_after = to_numpy(model.discriminator_a.variables) + to_numpy(
        model.discriminator_b.variables
    )
    assert not any(_changed(d_before, d_after))
    # Every generator weight moved (the cycle terms reach both).
    assert all(_changed(g_before, to_numpy(g_vars)))


def test_discriminator_step_leaves_generators_untouched():
    model = _DiscriminatorPhaseOnly(**SMALL, seed=2)
    model.compile(run_eagerly=EAGER)
    a, b = _batch()
    g_before = to_numpy(model.generator_ab.variables) + to_numpy(
        model.generator_ba.variables
    )
    d_vars = model.discriminator_a.trainable_variables
    d_vars += model.discriminator_b.trainable_variables
    d_before = to_numpy(d_vars)
    model.train_on_batch(a, b)
    g_after = to_numpy(model.generator_ab.variables) + to_numpy(
        model.generator_ba.variables
    )
    assert not any(_changed(g_before, g_after))
    assert all(_changed(d_before, to_numpy(d_vars)))


def test_bad_input():
    model = CycleGAN(**SMALL)
    a, b = _domains()
    with pytest.raises(RuntimeError, match="compile"):
        model.fit(a, b)
    model.compile()
    with pytest.raises(ValueError, match="Received: x=ndarray, y=NoneType"):
        model.fit(a, verbose=0)
    # Mismatched domains: B greyscale for a colour model, B too small.
    with pytest.raises(ValueError, match="domain B.*y.shape=\\(6, 34, 40, 1"):
        model.fit(a, b[..., :1], verbose=0)
    with pytest.raises(ValueError, match="domain B.*y.shape=\\(6, 16, 16"):
        model.fit(a, b[:, :16, :16], verbose=0)
    with pytest.raises(ValueError, match="direction='sideways'"):
        model.translate(a[:, :32, :32], direction="sideways")
    with pytest.raises(ValueError, match="divisible by 4"):
        model.translate(np.zeros((1, 30, 32, 3), "float32"))
    with pytest.raises(ValueError, match="3 channel"):
        model.translate(np.zeros((1, 32, 32, 1), "float32"))
    with pytest.raises(ValueError, match="in \\[-1, 1\\]"):
        model.translate(np.full((1, 32, 32, 3), 3.0, "float32"))
    with pytest.raises(ValueError, match="image_size=30"):
        CycleGAN(image_size=30)
    with pytest.raises(ValueError, match="cycle_weight=-1"):
        model.compile(cycle_weight=-1)
    schedule = keras.optimizers.schedules.ExponentialDecay(1e-3, 10, 0.5)
    with pytest.raises(ValueError, match="constant learning rate"):
        model.compile(g_optimizer=keras.optimizers.Adam(schedule))
