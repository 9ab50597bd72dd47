import keras
import numpy as np
import pytest
from keras import ops

from keras_gans.layers import PixelShuffle


def dcr_reference(x, r):
    # TensorFlow's depth_to_space: channel (i * r + j) * C + c.
    n, h, w, c = x.shape
    out = x.reshape(n, h, w, r, r, c // r**2).transpose(0, 1, 3, 2, 4, 5)
    return out.reshape(n, h * r, w * r, c // r**2)


def crd_reference(x, r):
    # torch.nn.PixelShuffle on channels-last data: channel
    # c * r * r + i * r + j.
    n, h, w, c = x.shape
    out = x.reshape(n, h, w, c // r**2, r, r).transpose(0, 1, 4, 2, 5, 3)
    return out.reshape(n, h * r, w * r, c // r**2)


@pytest.mark.parametrize("factor", [2, 3])
def test_depth_to_space_is_dcr_order(factor):
    x = np.arange(2 * 3 * 4 * 2 * factor**2, dtype="float32")
    x = x.reshape(2, 3, 4, 2 * factor**2)
    out = ops.convert_to_numpy(PixelShuffle(factor)(x))
    np.testing.assert_array_equal(out, dcr_reference(x, factor))
    assert not np.array_equal(out, crd_reference(x, factor))


@pytest.mark.parametrize("factor", [2, 3])
def test_crd_order(factor):
    x = np.arange(2 * 3 * 4 * 2 * factor**2, dtype="float32")
    x = x.reshape(2, 3, 4, 2 * factor**2)
    out = ops.convert_to_numpy(PixelShuffle(factor, channel_order="crd")(x))
    np.testing.assert_array_equal(out, crd_reference(x, factor))


def test_crd_reference_is_torch_pixel_shuffle():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).normal(size=(2, 3, 5, 8)).astype("float32")
    expected = (
        torch.nn.functional.pixel_shuffle(
            torch.from_numpy(x.transpose(0, 3, 1, 2)), 2
        )
        .numpy()
        .transpose(0, 2, 3, 1)
    )
    np.testing.assert_array_equal(crd_reference(x, 2), expected)


def test_in_a_model_with_unknown_size_and_config_round_trip():
    inputs = keras.Input((None, None, 12))
    layer = PixelShuffle(2, channel_order="crd")
    model = keras.Model(inputs, layer(inputs))
    assert model.output_shape == (None, None, None, 3)
    clone = PixelShuffle.from_config(layer.get_config())
    assert (clone.factor, clone.channel_order) == (2, "crd")
    x = np.random.default_rng(1).normal(size=(1, 5, 7, 12)).astype("float32")
    assert tuple(ops.shape(model(x))) == (1, 10, 14, 3)


def test_bad_arguments():
    with pytest.raises(ValueError, match="factor"):
        PixelShuffle(1)
    with pytest.raises(ValueError, match="channel_order"):
        PixelShuffle(2, channel_order="nchw")
    with pytest.raises(ValueError, match="divisible"):
        PixelShuffle(2)(np.zeros((1, 2, 2, 6), "float32"))
