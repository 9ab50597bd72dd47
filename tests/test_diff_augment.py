import numpy as np
import pytest
import keras
from keras import ops

from keras_gans.augmentation import DiffAugment
from keras_gans.augmentation import diff_augment

# An independent numpy version of the same draws, with uint32 arithmetic.
M32 = 0xFFFFFFFF


def _mix(x):
    x = np.uint64(x) & M32
    x ^= x >> 16
    x = (x * 0x21F0AAAD) & M32
    x ^= x >> 15
    x = (x * 0x735A2D97) & M32
    x ^= x >> 15
    return x


def _key(seed, counter):
    key = _mix(seed ^ 1013904223)
    return _mix(int(key) + counter * 0x9E3779B9)


def _bits(key, stream, batch):
    stream_key = int(_mix(int(key) + stream * 1013904223))
    return [int(_mix(_mix(stream_key + i * 0x9E3779B9))) for i in range(batch)]


def _reference(images, seed, counter, policy):
    x = images.astype("float64").copy()
    n, h, w, _ = x.shape
    key = _key(seed, counter)
    uniform = lambda s: np.array([(b >> 8) / 2**24 for b in _bits(key, s, n)])
    integers = lambda s, k: np.array([(b >> 1) % k for b in _bits(key, s, n)])
    for name in policy.split(","):
        if name == "color":
            x = x + (uniform(0) - 0.5)[:, None, None, None]
            m = x.mean(axis=3, keepdims=True)
            x = (x - m) * (2 * uniform(1))[:, None, None, None] + m
            m = x.mean(axis=(1, 2, 3), keepdims=True)
            x = (x - m) * (uniform(2) + 0.5)[:, None, None, None] + m
        elif name == "translation":
            sy, sx = int(h / 8 + 0.5), int(w / 8 + 0.5)
            dy = integers(3, 2 * sy + 1) - sy
            dx = integers(4, 2 * sx + 1) - sx
            out = np.zeros_like(x)
            for b in range(n):
                for i in range(h):
                    for j in range(w):
                        a, c = i - dy[b], j - dx[b]
                        if 0 <= a < h and 0 <= c < w:
                            out[b, i, j] = x[b, a, c]
            x = out
        else:
            ly, lx = int(h / 2 + 0.5), int(w / 2 + 0.5)
            y0 = integers(5, h + 1 - ly % 2) - ly // 2
            x0 = integers(6, w + 1 - lx % 2) - lx // 2
            for b in range(n):
                rows = slice(max(y0[b], 0), max(y0[b] + ly, 0))
                cols = slice(max(x0[b], 0), max(x0[b] + lx, 0))
                x[b, rows, cols] = 0.0
    return x


def _images(shape=(6, 12, 10, 3), seed=0):
    rng = np.random.default_rng(seed)
    return rng.uniform(-1, 1, shape).astype("float32")


@pytest.mark.parametrize(
    "policy",
    ["color", "translation", "cutout", "color,translation,cutout"],
)
def test_matches_numpy_reference(policy):
    # The same seed gives this exact augmentation on every backend.
    images = _images()
    generator = keras.random.SeedGenerator(1234)
    first = ops.convert_to_numpy(diff_augment(images, generator, policy))
    second = ops.convert_to_numpy(diff_augment(images, generator, policy))
    np.testing.assert_allclose(
        first, _reference(images, 1234, 0, policy), atol=2e-6
    )
    np.testing.assert_allclose(
        second, _reference(images, 1234, 1, policy), atol=2e-6
    )
    assert first.shape == images.shape and first.dtype == np.float32
    assert not np.allclose(first, second)


def test_int_seed_and_generator_agree():
    images = _images()
    by_int = diff_augment(images, 42)
    by_generator = diff_augment(images, keras.random.SeedGenerator(42))
    np.testing.assert_array_equal(
        ops.convert_to_numpy(by_int), ops.convert_to_numpy(by_generator)
    )


def test_geometry_is_exact_and_parameters_vary():
    images = _images((64, 16, 16, 1), seed=3)
    out = ops.convert_to_numpy(
        diff_augment(images, 7, "translation,cutout")
    )
    # Pixels are copied or zeroed, never blended.
    values = set(np.round(images.ravel(), 7)) | {0.0}
    assert set(np.round(out.ravel(), 7)) <= values
    zeros = (out == 0).mean(axis=(1, 2, 3))
    # Cutout removes up to a quarter of the image (plus translated-in
    # zeros), and the amount differs between images.
    assert zeros.min() > 0.0 and zeros.max() < 0.6
    assert len(np.unique(zeros)) > 10


@pytest.mark.parametrize("policy", ["color,translation,cutout",
                                    "translation,cutout"])
def test_gradients_flow(policy):
    from keras_gans import backend

    images = ops.convert_to_tensor(_images((4, 8, 8, 3)))
    augment = DiffAugment(policy)
    grad = backend.input_gradient(
        lambda x: ops.sum(ops.square(augment(x, 5)))[None], images
    )
    grad = ops.convert_to_numpy(grad)
    assert grad.shape == (4, 8, 8, 3)
    assert np.isfinite(grad).all() and np.abs(grad).max() > 0
    if policy == "translation,cutout":
        # Pixels cut out or moved out of the frame get no gradient; the
        # others get 2 * x.
        out = ops.convert_to_numpy(augment(images, 5))
        kept = grad != 0
        assert 0.2 < kept.mean() < 0.95
        np.testing.assert_allclose(
            np.sort(grad[kept]), np.sort(2 * out[out != 0]), rtol=1e-6
        )


def test_lower_precision_keeps_dtype():
    images = ops.cast(_images((2, 8, 8, 3)), "bfloat16")
    out = diff_augment(images, 0)
    assert ops.convert_to_numpy(ops.cast(out, "float32")).shape == (2, 8, 8, 3)
    assert "bfloat16" in str(out.dtype)


@pytest.mark.parametrize(
    "policy", ["", "color,flip", "colour", "color,color", 3, None]
)
def test_bad_policy_is_a_clear_error(policy):
    with pytest.raises(ValueError, match="Received: policy="):
        DiffAugment(policy)


def test_bad_ratio_and_shape():
    with pytest.raises(ValueError, match="Received: cutout_ratio=1.5"):
        DiffAugment(cutout_ratio=1.5)
    with pytest.raises(ValueError, match="Received: images.shape"):
        diff_augment(np.zeros((2, 8, 8), "float32"), 0)


def test_serialization():
    augment = DiffAugment("translation,cutout", cutout_ratio=0.25)
    config = keras.saving.serialize_keras_object(augment)
    restored = keras.saving.deserialize_keras_object(config)
    assert isinstance(restored, DiffAugment)
    assert restored.get_config() == augment.get_config()


def _tiny_gan():
    from keras import layers
    from keras_gans.models import GAN

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
            layers.Conv2D(4, 3, strides=2, padding="same"),
            layers.LeakyReLU(0.2),
            layers.Flatten(),
            layers.Dense(1),
        ],
        name="discriminator",
    )
    return GAN(generator, discriminator, seed=0)


class _Counting:
    """Wraps an augmentation and counts the images routed through it."""

    def __init__(self, augment):
        self.augment = augment
        self.calls = 0

    def __call__(self, images, seed_generator):
        self.calls += 1
        return self.augment(images, seed_generator)


def test_gan_augments_real_and_fake_in_both_phases(tmp_path):
    model = _tiny_gan()
    model.compile(augment="color,translation,cutout")
    assert isinstance(model.augment, DiffAugment)
    counting = _Counting(model.augment)
    model.augment = counting
    images = _images((16, 8, 8, 1))
    history = model.fit(images, batch_size=8, epochs=1, verbose=0)
    assert np.isfinite(history.history["d_loss"]).all()
    assert np.isfinite(history.history["g_loss"]).all()
    # Real and fake in the discriminator phase, fake in the generator
    # phase: three calls per trace of the step.
    assert counting.calls >= 3 and counting.calls % 3 == 0

    model.augment = counting.augment
    path = str(tmp_path / "augmented.keras")
    model.save(path)
    restored = keras.saving.load_model(path)
    assert isinstance(restored.augment, DiffAugment)
    assert restored.augment.get_config() == model.augment.get_config()


def test_gan_compile_rejects_bad_augment():
    model = _tiny_gan()
    with pytest.raises(ValueError, match="Received: policy='color,zoom'"):
        model.compile(augment="color,zoom")
    with pytest.raises(ValueError, match="Received: augment=3"):
        model.compile(augment=3)


class _AugmentLayer(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(99)

    def call(self, images):
        return diff_augment(images, self.seed_generator)


def test_same_numbers_inside_a_compiled_function():
    # `predict` traces the call into a graph (TensorFlow) or jits it (JAX):
    # the integer hash must wrap around there exactly as in numpy.
    images = _images((4, 8, 8, 3))
    inputs = keras.Input((8, 8, 3))
    model = keras.Model(inputs, _AugmentLayer()(inputs))
    out = model.predict(images, batch_size=4, verbose=0)
    np.testing.assert_allclose(
        out, _reference(images, 99, 0, "color,translation,cutout"), atol=2e-6
    )
