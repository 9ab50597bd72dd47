"""Reflection padding of images."""

import keras
from keras import ops


def _normalize_padding(padding):
    if isinstance(padding, int) and not isinstance(padding, bool):
        pads = ((padding, padding), (padding, padding))
    else:
        try:
            pads = tuple(
                (p, p) if isinstance(p, int) else tuple(p) for p in padding
            )
        except TypeError:
            pads = None
    valid = (
        pads is not None
        and len(pads) == 2
        and all(len(p) == 2 for p in pads)
        and all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 0
            for p in pads
            for v in p
        )
    )
    if not valid:
        raise ValueError(
            "Expected `padding` to be a non-negative int, a pair of ints "
            "(rows, columns) or a pair of pairs ((top, bottom), (left, "
            f"right)). Received: padding={padding!r}"
        )
    return pads


@keras.saving.register_keras_serializable(package="keras_gans")
class ReflectionPadding2D(keras.layers.Layer):
    """Pads the rows and columns of images by mirroring them.

    The border pixel itself is not repeated: padding `[1, 2, 3]` by two on
    each side gives `[3, 2, 1, 2, 3, 2, 1]`, as `numpy.pad(mode="reflect")`
    does. Each padding must be smaller than the side it pads.

    Args:
        padding: an int (the same on all four sides), a pair
            `(rows, columns)` or `((top, bottom), (left, right))`.
        data_format: `"channels_last"` or `"channels_first"`; defaults to
            `keras.config.image_data_format()`.

    Input shape:
        `(batch, height, width, channels)` (channels_last).

    Output shape:
        `(batch, height + top + bottom, width + left + right, channels)`.
    """

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.padding = _normalize_padding(padding)
        data_format = data_format or keras.config.image_data_format()
        if data_format not in ("channels_last", "channels_first"):
            raise ValueError(
                "Expected `data_format` to be 'channels_last' or "
                f"'channels_first'. Received: data_format={data_format!r}"
            )
        self.data_format = data_format
        self.input_spec = keras.layers.InputSpec(ndim=4)

    def _spatial_axes(self):
        return (1, 2) if self.data_format == "channels_last" else (2, 3)

    def build(self, input_shape):
        for axis, (before, after) in zip(self._spatial_axes(), self.padding):
            size = input_shape[axis]
            if size is not None and max(before, after) >= size:
                raise ValueError(
                    "Expected each reflection padding to be smaller than "
                    f"the side it pads. Received: padding={self.padding} "
                    f"for input shape {tuple(input_shape)}"
                )
        self.built = True

    def call(self, inputs):
        pads = [[0, 0]] * 4
        for axis, pair in zip(self._spatial_axes(), self.padding):
            pads[axis] = list(pair)
        return ops.pad(inputs, pads, mode="reflect")

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, (before, after) in zip(self._spatial_axes(), self.padding):
            if shape[axis] is not None:
                shape[axis] += before + after
        return tuple(shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "padding": [list(p) for p in self.padding],
                "data_format": self.data_format,
            }
        )
        return config
