"""The shared image-to-image blocks, checked on the running backend."""

import numpy as np
import pytest
import keras
from keras import ops

from keras_gans import backend
from keras_gans import layers as gan_layers


def _np(x):
    return ops.convert_to_numpy(x)


@pytest.mark.parametrize(
    "padding, expected",
    [
        (1, ((1, 1), (1, 1))),
        ((2, 1), ((2, 2), (1, 1))),
        (((1, 3), (0, 2)), ((1, 3), (0, 2))),
    ],
)
def test_reflection_padding_matches_numpy(padding, expected):
    x = np.random.default_rng(0).normal(size=(2, 5, 6, 3))
    x = x.astype("float32")
    layer = gan_layers.ReflectionPadding2D(padding)
    y = _np(layer(x))
    want = np.pad(x, ((0, 0),) + expected + ((0, 0),), mode="reflect")
    np.testing.assert_array_equal(y, want)
    assert layer.compute_output_shape(x.shape) == want.shape


def test_reflection_padding_channels_first_and_errors():
    x = np.arange(2 * 3 * 4 * 5, dtype="float32").reshape(2, 3, 4, 5)
    y = _np(gan_layers.ReflectionPadding2D(2, "channels_first")(x))
    np.testing.assert_array_equal(
        y, np.pad(x, ((0, 0), (0, 0), (2, 2), (2, 2)), mode="reflect")
    )
    with pytest.raises(ValueError, match="smaller than the side"):
        gan_layers.ReflectionPadding2D(3)(np.zeros((1, 3, 8, 1), "float32"))
    with pytest.raises(ValueError, match="Received: padding=-1"):
        gan_layers.ReflectionPadding2D(-1)


def test_instance_normalization_matches_numpy():
    rng = np.random.default_rng(1)
    x = (rng.normal(size=(3, 6, 5, 4)) * 3 + 2).astype("float32")
    layer = gan_layers.InstanceNormalization(center=False, scale=False)
    y = _np(layer(x))
    mean = x.mean(axis=(1, 2), keepdims=True)
    var = x.var(axis=(1, 2), keepdims=True)
    np.testing.assert_allclose(y, (x - mean) / np.sqrt(var + 1e-5), atol=1e-5)
    assert layer.epsilon == 1e-5
    # Each image is normalised on its own: changing one leaves the other.
    x2 = x.copy()
    x2[0] *= 10
    np.testing.assert_allclose(_np(layer(x2))[1:], y[1:], atol=1e-5)


def test_resnet_block_keeps_shape_and_is_residual():
    x = np.random.default_rng(2).normal(size=(2, 8, 8, 6))
    x = x.astype("float32")
    block = gan_layers.ResNetBlock()
    assert tuple(block(x).shape) == x.shape
    # With the last convolution zeroed (and no offset after the norm) the
    # block is the identity.
    conv2 = next(x for x in block._body if x.name == "conv2")
    conv2.kernel.assign(np.zeros(conv2.kernel.shape, "float32"))
    conv2.bias.assign(np.zeros(conv2.bias.shape, "float32"))
    np.testing.assert_allclose(_np(block(x)), x, atol=1e-5)


def test_unet_blocks_shapes_and_skip():
    down = gan_layers.UNetDownBlock(8, norm="batch")
    up = gan_layers.UNetUpBlock(5, norm="instance", dropout=0.5)
    x = np.ones((2, 16, 16, 3), "float32")
    h = down(x)
    assert tuple(h.shape) == (2, 8, 8, 8)
    skip = np.full((2, 16, 16, 2), 7.0, "float32")
    y = _np(up([h, skip]))
    assert y.shape == (2, 16, 16, 7)
    np.testing.assert_array_equal(y[..., 5:], skip)
    assert (y[..., :5] >= 0).all()  # ReLU before the concatenation
    with pytest.raises(ValueError, match="twice the height"):
        up([h, np.ones((2, 8, 8, 2), "float32")])


@pytest.mark.parametrize(
    "num_layers, field, grid", [(1, 16, 14), (2, 34, 6), (3, 70, 2)]
)
def test_patch_discriminator_grid_per_depth(num_layers, field, grid):
    assert gan_layers.patch_receptive_field(num_layers) == field
    assert gan_layers.patch_grid_size(32, num_layers) == grid
    d = gan_layers.patch_discriminator(
        (32, 32, 3), filters=4, num_layers=num_layers
    )
    logits = d(np.zeros((2, 32, 32, 3), "float32"))
    assert tuple(logits.shape) == (2, grid, grid, 1)


def test_patch_discriminator_paper_grid_and_receptive_field():
    # The paper's 70x70 PatchGAN returns 30x30 logits at 256x256.
    assert gan_layers.patch_grid_size(256, 3) == 30
    # Measured receptive field: one logit depends on exactly a
    # field x field window of the input (a zero-padded border aside).
    d = gan_layers.patch_discriminator((32, 32, 1), filters=2, num_layers=1)
    for layer in d.layers:
        if hasattr(layer, "kernel"):
            layer.kernel.assign(np.ones(layer.kernel.shape, "float32"))
    # One impulse image per pixel, all in one batch.
    impulses = np.eye(32 * 32, dtype="float32").reshape(-1, 32, 32, 1)
    base = _np(d(np.zeros((1, 32, 32, 1), "float32")))[0, 5, 5, 0]
    out = _np(d(impulses))[:, 5, 5, 0]
    touched = (out != base).reshape(32, 32)
    rows = np.nonzero(touched.any(axis=1))[0]
    cols = np.nonzero(touched.any(axis=0))[0]
    assert rows.max() - rows.min() + 1 == 16
    assert cols.max() - cols.min() + 1 == 16


def test_patch_discriminator_conditional_and_errors():
    d = gan_layers.patch_discriminator(
        (32, 32, 3), filters=4, num_layers=2, condition_shape=(32, 32, 1)
    )
    out = d([np.zeros((2, 32, 32, 1), "float32"), np.zeros((2, 32, 32, 3))])
    assert tuple(out.shape) == (2, 6, 6, 1)
    with pytest.raises(ValueError, match="at least one logit"):
        gan_layers.patch_discriminator((16, 16, 3), num_layers=3)
    with pytest.raises(ValueError, match="condition_shape"):
        gan_layers.patch_discriminator((32, 32, 3), condition_shape=(16, 16, 1))
    with pytest.raises(ValueError, match="num_layers=0"):
        gan_layers.patch_receptive_field(0)


def _filled_pool(size, probability, seed=0):
    pool = gan_layers.ImageHistoryPool(
        size, image_shape=(1, 1, 1), probability=probability, seed=seed
    )
    # Stored images are negative, fresh ones positive.
    pool(-np.arange(1, size + 1, dtype="float32").reshape(size, 1, 1, 1))
    return pool


def test_history_pool_fills_then_swaps_with_probability():
    pool = gan_layers.ImageHistoryPool(
        6, image_shape=(1, 1, 1), probability=0.5, seed=3
    )
    first = np.arange(1, 5, dtype="float32").reshape(4, 1, 1, 1)
    np.testing.assert_array_equal(_np(pool(first)), first)
    assert int(_np(pool.count)) == 4
    pool = _filled_pool(20, 0.5, seed=3)
    assert int(_np(pool.count)) == 20
    swapped, total = 0, 0
    for step in range(60):
        fresh = np.full((4, 1, 1, 1), 100.0 + step, "float32")
        out = _np(pool(fresh)).ravel()
        swapped += int((out != fresh.ravel()).sum())
        total += 4
        assert int(_np(pool.count)) == 20
        assert tuple(pool.images.shape) == (20, 1, 1, 1)
    # 240 draws at p=0.5: 0.5 +- 5 standard deviations.
    assert abs(swapped / total - 0.5) < 5 * np.sqrt(0.25 / total)
    # Every returned stored image was in the pool; fresh ones replaced it.
    stored = _np(pool.images).ravel()
    assert (stored > 0).sum() > 10


def test_history_pool_extremes():
    never = _filled_pool(5, 0.0)
    fresh = np.full((3, 1, 1, 1), 9.0, "float32")
    np.testing.assert_array_equal(_np(never(fresh)), fresh)
    always = _filled_pool(5, 1.0)
    out = _np(always(fresh)).ravel()
    assert (out < 0).all()
    passthrough = gan_layers.ImageHistoryPool(0, image_shape=(1, 1, 1))
    np.testing.assert_array_equal(_np(passthrough(fresh)), fresh)
    with pytest.raises(ValueError, match="pool_size=-1"):
        gan_layers.ImageHistoryPool(-1)
    with pytest.raises(ValueError, match="probability=1.5"):
        gan_layers.ImageHistoryPool(4, probability=1.5)


class _PoolModel(keras.Model):
    """Runs the pool inside a compiled training step (no weights to train)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.pool = gan_layers.ImageHistoryPool(
            8, image_shape=(2, 2, 1), seed=4
        )
        self.tracker = keras.metrics.Mean(name="returned")
        self.built = True

    def call(self, x):
        return x

    @property
    def metrics(self):
        return [self.tracker]

    def train_step(self, *args):
        return backend.run_train_step(self, self._step, args)

    def _step(self, data):
        self.compiled_step = backend.in_compiled_step()
        out = self.pool(data)
        self.tracker.update_state(ops.mean(out))
        return {"returned": self.tracker.result()}


def test_history_pool_in_compiled_step_and_save_load(tmp_path):
    model = _PoolModel()
    model.compile(optimizer=keras.optimizers.SGD())
    x = np.repeat(np.arange(1, 13, dtype="float32"), 4).reshape(12, 2, 2, 1)
    model.fit(x, batch_size=3, epochs=2, shuffle=False, verbose=0)
    if backend.name() != "torch":
        assert model.compiled_step
    assert int(_np(model.pool.count)) == 8
    stored = _np(model.pool.images)[:, 0, 0, 0]
    assert set(stored.tolist()) <= set(range(1, 13))
    assert (stored > 0).all()
    # The pool's buffer and counter are saved with the model's weights.
    path = str(tmp_path / "pool.weights.h5")
    model.save_weights(path)
    other = _PoolModel()
    other.load_weights(path)
    np.testing.assert_array_equal(
        _np(other.pool.images), _np(model.pool.images)
    )
    assert int(_np(other.pool.count)) == 8
    np.testing.assert_array_equal(
        _np(other.pool.seed_generator.state),
        _np(model.pool.seed_generator.state),
    )


def test_layers_serialize_round_trip():
    for layer in (
        gan_layers.ReflectionPadding2D(((1, 2), (2, 1))),
        gan_layers.InstanceNormalization(center=False),
        gan_layers.ResNetBlock(padding="zero", norm="batch", dropout=0.5),
        gan_layers.UNetDownBlock(8, norm=None),
        gan_layers.UNetUpBlock(8, dropout=0.5),
        gan_layers.ImageHistoryPool(3, image_shape=(4, 4, 3), seed=1),
    ):
        config = keras.saving.serialize_keras_object(layer)
        clone = keras.saving.deserialize_keras_object(config)
        assert type(clone) is type(layer)
        assert clone.get_config() == layer.get_config()
