import numpy as np
import pytest
import keras
from keras import layers
from keras import ops

from keras_gans.layers import SpectralNormalization
from keras_gans.models import GAN


def _numpy(x):
    return ops.convert_to_numpy(x)


def _power_iteration(matrix, u, eps=1e-12):
    v = matrix @ u
    v = v / np.sqrt(np.sum(v**2) + eps)
    u = matrix.T @ v
    return u / np.sqrt(np.sum(u**2) + eps)


def _sigma(matrix, u, eps=1e-12):
    return np.sqrt(np.sum((matrix @ u) ** 2) + eps)


def _top_singular_value(matrix):
    return np.linalg.svd(matrix, compute_uv=False)[0]


def test_dense_matches_numpy_reference():
    rng = np.random.default_rng(0)
    kernel = rng.standard_normal((6, 3)).astype("float32")
    bias = rng.standard_normal(3).astype("float32")
    u = rng.standard_normal(3).astype("float32")
    x = rng.standard_normal((4, 6)).astype("float32")
    sn = SpectralNormalization(layers.Dense(3))
    sn.build((None, 6))
    sn.layer.kernel.assign(kernel)
    sn.layer.bias.assign(bias)
    sn.u.assign(u)

    # Inference: sigma from the stored u, which stays as it is.
    expected = x @ (kernel / _sigma(kernel, u)) + bias
    np.testing.assert_allclose(_numpy(sn(x)), expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(_numpy(sn.u), u)

    # Training: one power iteration, stored, then used.
    new_u = _power_iteration(kernel, u)
    expected = x @ (kernel / _sigma(kernel, new_u)) + bias
    out = sn(x, training=True)
    np.testing.assert_allclose(_numpy(out), expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_numpy(sn.u), new_u, rtol=1e-5, atol=1e-6)
    # The wrapped layer's own kernel is never overwritten.
    np.testing.assert_array_equal(_numpy(sn.layer.kernel), kernel)


def _conv_matrix(k):
    return k.reshape(-1, k.shape[-1])


def _transpose_matrix(k):
    # (kh, kw, out, in): the output axis goes last.
    return np.moveaxis(k, -2, -1).reshape(-1, k.shape[-2])


@pytest.mark.parametrize(
    "layer, input_shape, to_matrix",
    [
        (layers.Conv2D(5, 3, padding="same"), (2, 6, 6, 4), _conv_matrix),
        (
            layers.Conv2DTranspose(5, 3, strides=2, padding="same"),
            (2, 4, 4, 4),
            _transpose_matrix,
        ),
        (layers.Dense(7), (2, 9), lambda k: k),
    ],
    ids=["conv2d", "conv2d_transpose", "dense"],
)
def test_converges_to_unit_spectral_norm(layer, input_shape, to_matrix):
    sn = SpectralNormalization(layer, seed=3)
    x = np.random.default_rng(1).standard_normal(input_shape)
    x = x.astype("float32")
    sn(x)
    # A kernel with singular values 4, 2, 1, ... (the same on every
    # backend), written into the layer's own layout.
    shape = tuple(sn.layer.kernel.shape)
    rows, cols = to_matrix(np.zeros(shape)).shape
    rng = np.random.default_rng(2)
    left = np.linalg.qr(rng.standard_normal((rows, cols)))[0]
    right = np.linalg.qr(rng.standard_normal((cols, cols)))[0]
    spectrum = 4.0 / 2.0 ** np.arange(cols)
    matrix = (left * spectrum) @ right.T
    index = np.arange(np.prod(shape)).reshape(shape)
    kernel = np.empty(np.prod(shape))
    kernel[to_matrix(index).ravel()] = matrix.ravel()
    sn.layer.kernel.assign(kernel.reshape(shape))
    np.testing.assert_allclose(
        _top_singular_value(to_matrix(_numpy(sn.layer.kernel))), 4.0, 1e-5
    )
    for _ in range(20):
        sn(x, training=True)
    normalized = to_matrix(_numpy(sn.normalized_kernel()))
    assert abs(_top_singular_value(normalized) - 1.0) < 1e-4

    # The output is the wrapped layer's with the normalized kernel.
    plain = layer.__class__.from_config(layer.get_config())
    plain.build(input_shape)
    plain.set_weights([_numpy(sn.normalized_kernel()), _numpy(layer.bias)])
    np.testing.assert_allclose(
        _numpy(sn(x)), _numpy(plain(x)), rtol=1e-4, atol=1e-5
    )


def test_same_seed_same_initial_vector():
    a = SpectralNormalization(layers.Dense(4), seed=7)
    b = SpectralNormalization(layers.Dense(4), seed=7)
    a.build((None, 3))
    b.build((None, 3))
    expected = np.random.default_rng(7).standard_normal(4)
    expected = expected / np.linalg.norm(expected)
    np.testing.assert_allclose(_numpy(a.u), expected, rtol=1e-6)
    np.testing.assert_array_equal(_numpy(a.u), _numpy(b.u))


def test_embedding():
    sn = SpectralNormalization(layers.Embedding(10, 4), seed=0)
    out = sn(np.array([[1], [3]]), training=True)
    assert tuple(out.shape) == (2, 1, 4)
    table = _numpy(sn.layer.embeddings)
    np.testing.assert_allclose(
        _numpy(out)[:, 0],
        table[[1, 3]] / _sigma(table, _numpy(sn.u)),
        rtol=1e-5,
    )


def _tiny_gan(seed=0):
    generator = keras.Sequential(
        [
            keras.Input((4,)),
            layers.Dense(8 * 8, activation="tanh"),
            layers.Reshape((8, 8, 1)),
        ],
        name="generator",
    )
    discriminator = keras.Sequential(
        [
            keras.Input((8, 8, 1)),
            SpectralNormalization(
                layers.Conv2D(4, 3, strides=2, padding="same"), seed=1
            ),
            layers.LeakyReLU(0.2),
            layers.Flatten(),
            SpectralNormalization(layers.Dense(1), seed=2),
        ],
        name="discriminator",
    )
    return GAN(generator, discriminator, seed=seed)


def _data():
    rng = np.random.default_rng(0)
    return rng.uniform(-1, 1, (16, 8, 8, 1)).astype("float32")


def _u_values(model):
    return [
        _numpy(v) for v in model.discriminator.non_trainable_variables
    ]


class _GeneratorPhaseOnly(GAN):
    """Skips the discriminator update: a step is the generator phase."""

    def discriminator_update(self, real_images):
        return ops.zeros(()), {}


def test_generator_phase_leaves_u_unchanged():
    gan = _tiny_gan()
    model = _GeneratorPhaseOnly(gan.generator, gan.discriminator, seed=0)
    model.compile()
    u_before = _u_values(model)
    assert len(u_before) == 2
    g_before = [_numpy(v) for v in model.generator.trainable_variables]
    model.fit(_data(), batch_size=8, epochs=1, verbose=0)
    for before, after in zip(u_before, _u_values(model)):
        np.testing.assert_array_equal(before, after)
    # The generator did train in that step.
    g_after = [_numpy(v) for v in model.generator.trainable_variables]
    assert any(not np.array_equal(a, b) for a, b in zip(g_before, g_after))


def test_discriminator_phase_updates_u_and_weights():
    model = _tiny_gan()
    model.compile()
    u_before = _u_values(model)
    d_before = [_numpy(v) for v in model.discriminator.trainable_variables]
    history = model.fit(_data(), batch_size=8, epochs=1, verbose=0)
    assert np.isfinite(history.history["d_loss"]).all()
    for before, after in zip(u_before, _u_values(model)):
        np.testing.assert_allclose(np.linalg.norm(after), 1.0, rtol=1e-5)
    # The convolution's vector moved (the logit layer's has one entry).
    assert not np.allclose(u_before[0], _u_values(model)[0])
    d_after = [_numpy(v) for v in model.discriminator.trainable_variables]
    for before, after in zip(d_before, d_after):
        assert not np.array_equal(before, after)


def test_saved_and_restored(tmp_path):
    model = _tiny_gan()
    model.compile()
    model.fit(_data(), batch_size=8, epochs=1, verbose=0)
    path = str(tmp_path / "sn.keras")
    model.save(path)
    restored = keras.saving.load_model(path)
    for before, after in zip(_u_values(model), _u_values(restored)):
        np.testing.assert_array_equal(before, after)
    x = _data()[:4]
    np.testing.assert_array_equal(
        _numpy(model.discriminator(x)), _numpy(restored.discriminator(x))
    )
    # A training-mode call continues from the restored vector.
    np.testing.assert_allclose(
        _numpy(model.discriminator(x, training=True)),
        _numpy(restored.discriminator(x, training=True)),
        rtol=1e-6,
        atol=1e-6,
    )


def test_bad_input():
    with pytest.raises(ValueError, match="power_iterations"):
        SpectralNormalization(layers.Dense(2), power_iterations=0)
    with pytest.raises(ValueError, match="Received: layer="):
        SpectralNormalization("dense")
    sn = SpectralNormalization(layers.ReLU())
    with pytest.raises(ValueError, match="kernel"):
        sn(np.zeros((1, 2), "float32"))


def test_mixed_precision():
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy("mixed_bfloat16")
    try:
        sn = SpectralNormalization(layers.Dense(3), seed=0)
        out = sn(np.ones((2, 4), "float32"), training=True)
    finally:
        keras.config.set_dtype_policy(previous)
    assert "bfloat16" in str(out.dtype)
    assert "float32" in str(sn.u.dtype)
    assert "float32" in str(sn.layer.kernel.dtype)
    kernel = _numpy(sn.layer.kernel)
    expected = np.ones((2, 4)) @ (kernel / _sigma(kernel, _numpy(sn.u)))
    expected = expected + _numpy(sn.layer.bias)
    np.testing.assert_allclose(
        _numpy(ops.cast(out, "float32")), expected, rtol=2e-2, atol=2e-2
    )
