"""Sub-pixel convolution upsampling (pixel shuffle)."""

import keras
import numpy as np
from keras import ops

_ORDERS = ("dcr", "crd")


def crd_to_dcr_permutation(channels, factor):
    """Channel indices that turn PyTorch's pixel-shuffle order into Keras'.

    With `r = factor` and `C = channels // r**2` output channels, output
    pixel `(h * r + i, w * r + j)`, channel `c`, reads input channel

    - `(i * r + j) * C + c` in `keras.ops.depth_to_space` (TensorFlow's
      "DCR" order: depth, then column, then row), and
    - `c * r * r + i * r + j` in `torch.nn.PixelShuffle` ("CRD" order).

    Taking the input channels in the returned order before
    `depth_to_space` gives the PyTorch result.
    """
    out_channels = channels // factor**2
    crd = np.arange(channels).reshape(out_channels, factor, factor)
    return crd.transpose(1, 2, 0).reshape(-1)


@keras.saving.register_keras_serializable(package="keras_gans")
class PixelShuffle(keras.layers.Layer):
    """Rearranges `(H, W, C * r**2)` features into `(H * r, W * r, C)`.

    The upsampling of Shi et al. (2016): a convolution produces `r**2`
    values per output channel and pixel, and this layer places them on an
    `r x r` grid. Built on `keras.ops.depth_to_space`, which uses the same
    channel order on TensorFlow, JAX and PyTorch (checked in the tests):
    TensorFlow's "DCR" order. `torch.nn.PixelShuffle` groups the channels
    the other way ("CRD"); `channel_order="crd"` reproduces it, for weights
    converted from PyTorch models. For a model trained here either order
    works: the preceding convolution learns the layout.

    Args:
        factor: the upsampling factor `r`.
        channel_order: `"dcr"` (Keras/TensorFlow) or `"crd"` (PyTorch).

    Input shape:
        `(batch, height, width, channels)`, channels divisible by `r**2`.

    Output shape:
        `(batch, height * r, width * r, channels // r**2)`.

    Reference:
        Shi et al., "Real-Time Single Image and Video Super-Resolution Using
        an Efficient Sub-Pixel Convolutional Neural Network", CVPR 2016.
    """

    def __init__(self, factor=2, channel_order="dcr", **kwargs):
        super().__init__(**kwargs)
        if (
            isinstance(factor, bool)
            or not isinstance(factor, int)
            or factor < 2
        ):
            raise ValueError(
                "Expected `factor` to be an int of at least 2. "
                f"Received: factor={factor!r}"
            )
        if channel_order not in _ORDERS:
            raise ValueError(
                f"Expected `channel_order` to be one of {_ORDERS}. "
                f"Received: channel_order={channel_order!r}"
            )
        self.factor = factor
        self.channel_order = channel_order

    def build(self, input_shape):
        channels = input_shape[-1]
        if channels is None or channels % self.factor**2:
            raise ValueError(
                f"Expected a known number of channels divisible by "
                f"factor**2 = {self.factor**2}. Received: input_shape="
                f"{tuple(input_shape)}"
            )
        self._permutation = None
        if self.channel_order == "crd":
            self._permutation = crd_to_dcr_permutation(channels, self.factor)

    def call(self, inputs):
        if self._permutation is not None:
            inputs = ops.take(inputs, self._permutation, axis=-1)
        return ops.depth_to_space(inputs, self.factor, "channels_last")

    def compute_output_shape(self, input_shape):
        batch, height, width, channels = input_shape
        r = self.factor
        return (
            batch,
            None if height is None else height * r,
            None if width is None else width * r,
            channels // r**2,
        )

    def get_config(self):
        config = super().get_config()
        config.update(
            {"factor": self.factor, "channel_order": self.channel_order}
        )
        return config
