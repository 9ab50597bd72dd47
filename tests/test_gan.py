"""The GAN base model and its training step, under the active backend."""

import numpy as np
import pytest
import keras

from keras_gans import backend
from keras_gans.models import DCGAN
from keras_gans.models import GAN
from tests.conftest import to_numpy


class _GeneratorPhaseOnly(DCGAN):
    def _train_step(self, data):
        loss, _ = self.generator_update(8)
        return {"g_loss": loss}


class _DiscriminatorPhaseOnly(DCGAN):
    def _train_step(self, data):
        real = keras.utils.unpack_x_y_sample_weight(data)[0]
        loss, _ = self.discriminator_update(real)
        return {"d_loss": loss}


def _tiny(cls=DCGAN, **kwargs):
    return cls(**{**DCGAN.presets()["tiny"], "seed": 3, **kwargs})


def _changed(before, after):
    return [not np.array_equal(a, b) for a, b in zip(before, after)]


def test_step_is_compiled_where_the_backend_compiles(tiny_images):
    model = _tiny()
    model.compile()
    model.fit(tiny_images, epochs=1, batch_size=16, verbose=0)
    # TensorFlow traces a graph and JAX jits; neither may fall back to eager.
    expected = backend.name() in ("tensorflow", "jax")
    assert model._step_was_compiled is expected


def test_generator_phase_leaves_discriminator_untouched(tiny_images):
    model = _tiny(_GeneratorPhaseOnly)
    model.compile()
    d_before = to_numpy(model.discriminator.variables)
    g_before = to_numpy(model.generator.trainable_variables)
    model.train_on_batch(tiny_images[:8])
    d_after = to_numpy(model.discriminator.variables)
    g_after = to_numpy(model.generator.trainable_variables)
    # Weights and BatchNorm statistics of D stay exactly as they were,
    # although D ran in training mode.
    assert not any(_changed(d_before, d_after))
    assert all(_changed(g_before, g_after))
    assert int(model.g_optimizer.iterations.numpy()) == 1
    assert int(model.d_optimizer.iterations.numpy()) == 0


def test_discriminator_phase_leaves_generator_untouched(tiny_images):
    model = _tiny(_DiscriminatorPhaseOnly)
    model.compile()
    g_before = to_numpy(model.generator.variables)
    d_weights = to_numpy(model.discriminator.trainable_variables)
    d_stats = [
        v
        for v in model.discriminator.non_trainable_variables
        if "moving" in v.path
    ]
    assert d_stats, "the tiny discriminator should have BatchNorm"
    stats_before = to_numpy(d_stats)
    model.train_on_batch(tiny_images[:8])
    assert not any(_changed(g_before, to_numpy(model.generator.variables)))
    assert all(
        _changed(d_weights, to_numpy(model.discriminator.trainable_variables))
    )
    # BatchNorm statistics move in the discriminator's own phase.
    assert all(_changed(stats_before, to_numpy(d_stats)))
    assert int(model.d_optimizer.iterations.numpy()) == 1
    assert int(model.g_optimizer.iterations.numpy()) == 0


@pytest.mark.parametrize("d_steps", [1, 2])
def test_fit_advances_both_optimizers(tiny_images, d_steps):
    model = _tiny()
    model.compile(d_steps=d_steps)
    history = model.fit(tiny_images, epochs=2, batch_size=8, verbose=0)
    # Every discriminator update gets 8 fresh real images.
    g_steps = 2 * len(tiny_images) // (8 * d_steps)
    assert int(model.g_optimizer.iterations.numpy()) == g_steps
    assert int(model.d_optimizer.iterations.numpy()) == g_steps * d_steps
    for key in ("d_loss", "g_loss"):
        assert len(history.history[key]) == 2
        assert np.all(np.isfinite(history.history[key]))


def test_latents_change_between_steps(tiny_images):
    model = _tiny()
    model.compile()
    state = model.seed_generator.state
    before = np.array(keras.ops.convert_to_numpy(state))
    model.fit(tiny_images[:16], epochs=1, batch_size=8, verbose=0)
    after = np.array(keras.ops.convert_to_numpy(state))
    assert not np.array_equal(before, after)


@pytest.mark.parametrize(
    "image_shape", [(28, 28, 1), (32, 32, 3)], ids=["28x28x1", "32x32x3"]
)
def test_generate_shape_and_range(image_shape):
    model = DCGAN(
        image_shape=image_shape,
        latent_dim=12,
        generator_filters=8,
        discriminator_filters=8,
    )
    images = model.generate(5, seed=0)
    assert images.shape == (5,) + image_shape
    assert images.dtype == np.float32
    assert images.min() >= -1.0 and images.max() <= 1.0
    np.testing.assert_array_equal(images, model.generate(5, seed=0))
    latents = np.zeros((3, 12), "float32")
    assert model.generate(latents=latents).shape == (3,) + image_shape
    logits = model.discriminator(images)
    assert tuple(logits.shape) == (5, 1)


def test_dcgan_paper_layouts():
    default = DCGAN()
    assert default.image_shape == (28, 28, 1)
    assert default.latent_dim == 100
    project = default.generator.get_layer("project")
    assert project.units == 7 * 7 * 256
    assert default.generator.get_layer("deconv1").filters == 128
    assert default.generator.get_layer("deconv2").filters == 64
    big = DCGAN(image_shape=(64, 64, 3), generator_filters=128)
    # The paper's 64x64 generator starts from a 4x4x1024 projection.
    assert big.generator.get_layer("project").units == 4 * 4 * 1024
    first = big.discriminator.get_layer("conv1")
    assert first.strides == (2, 2)
    names = [layer.name for layer in big.discriminator.layers]
    assert "conv1_bn" not in names and "conv2_bn" in names


def test_user_defined_networks_train(tiny_images):
    class Generator(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(16 * 16)
            self.reshape = keras.layers.Reshape((16, 16, 1))

        def call(self, latents):
            return keras.ops.tanh(self.reshape(self.dense(latents)))

    class Discriminator(keras.Model):
        def __init__(self):
            super().__init__()
            self.flatten = keras.layers.Flatten()
            self.dense = keras.layers.Dense(1)

        def call(self, images):
            return self.dense(self.flatten(images))

    model = GAN(Generator(), Discriminator(), latent_dim=8, seed=1)
    assert model.image_shape == (16, 16, 1)
    model.compile(loss="least_squares")
    history = model.fit(tiny_images, epochs=1, batch_size=16, verbose=0)
    assert np.isfinite(history.history["g_loss"][0])


def test_save_and_load_whole_model(tmp_path, tiny_images):
    model = _tiny()
    model.compile(d_steps=2)
    model.fit(tiny_images, epochs=1, batch_size=8, verbose=0)
    path = tmp_path / "gan.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert isinstance(loaded, DCGAN)
    assert loaded.d_steps == 2
    np.testing.assert_array_equal(
        model.generate(6, seed=4), loaded.generate(6, seed=4)
    )
    pairs = [(model.discriminator, loaded.discriminator)] + [
        (getattr(model, name), getattr(loaded, name))
        for name in ("g_optimizer", "d_optimizer")
    ]
    for original, restored in pairs:
        expected = to_numpy(original.variables)
        received = to_numpy(restored.variables)
        assert len(expected) == len(received) > 0
        for a, b in zip(expected, received):
            np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(
        keras.ops.convert_to_numpy(model.seed_generator.state),
        keras.ops.convert_to_numpy(loaded.seed_generator.state),
    )
    # Training goes on from the restored optimizer state.
    g_iterations = int(loaded.g_optimizer.iterations.numpy())
    loaded.fit(tiny_images, epochs=1, batch_size=8, verbose=0)
    assert int(loaded.g_optimizer.iterations.numpy()) == 2 * g_iterations


def test_generator_alone_saves_for_sampling(tmp_path):
    model = _tiny()
    path = tmp_path / "generator.keras"
    model.generator.save(path)
    generator = keras.saving.load_model(path)
    latents = model.sample_latents(4, seed=2)
    np.testing.assert_array_equal(
        keras.ops.convert_to_numpy(model.generator(latents)),
        keras.ops.convert_to_numpy(generator(latents)),
    )


def test_bad_input_gives_clear_errors(tiny_images):
    model = _tiny()
    shared = keras.optimizers.Adam()
    with pytest.raises(ValueError, match="distinct optimizer"):
        model.compile(g_optimizer=shared, d_optimizer=shared)
    with pytest.raises(ValueError, match="Received: g_optimizer='adam'"):
        model.compile(g_optimizer="adam")
    with pytest.raises(ValueError, match="Received: d_steps=0"):
        model.compile(d_steps=0)
    with pytest.raises(ValueError, match="Received: loss='nope'"):
        model.compile(loss="nope")
    with pytest.raises(RuntimeError, match="compile"):
        model.fit(tiny_images, epochs=1, verbose=0)
    with pytest.raises(
        ValueError, match=r"Received: image_shape=\(30, 30, 1\)"
    ):
        DCGAN(image_shape=(30, 30, 1))
    with pytest.raises(ValueError, match="Received: latent_dim=0"):
        DCGAN(latent_dim=0)
    with pytest.raises(ValueError, match="Received: num_images=0"):
        model.generate(0)
    with pytest.raises(ValueError, match=r"latents.shape=\(2, 3\)"):
        model.generate(latents=np.zeros((2, 3)))
    with pytest.raises(ValueError, match="Received: name='huge'"):
        DCGAN.from_preset("huge")
