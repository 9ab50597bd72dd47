"""The down and up blocks of a U-Net generator (Pix2Pix)."""

import keras
from keras import layers

from keras_gans.layers.normalization import check_normalization
from keras_gans.layers.normalization import conv_initializer
from keras_gans.layers.normalization import normalization_layer


def _check_filters(filters):
    if isinstance(filters, bool) or not isinstance(filters, int) or filters < 1:
        raise ValueError(
            f"Expected `filters` to be a positive int. Received: "
            f"filters={filters!r}"
        )
    return filters


@keras.saving.register_keras_serializable(package="keras_gans")
class UNetDownBlock(keras.layers.Layer):
    """Convolution (4x4, stride 2), normalization, LeakyReLU(0.2).

    The encoder step of the Pix2Pix U-Net ("Ck" in the paper): it halves
    the height and width. Its output feeds the next block and, as a skip
    connection, the decoder block of the same resolution.

    Args:
        filters: output channels.
        norm: `"batch"`, `"instance"` or `None` (the paper has none on the
            first block).
        negative_slope: of the LeakyReLU.
        kernel_initializer: N(0, 0.02) by default.

    Input shape:
        `(batch, height, width, channels)`, height and width even.

    Output shape:
        `(batch, height / 2, width / 2, filters)`.

    Reference:
        Ronneberger, Fischer & Brox, "U-Net: Convolutional Networks for
        Biomedical Image Segmentation", MICCAI 2015; Isola et al.,
        "Image-to-Image Translation with Conditional Adversarial Networks",
        CVPR 2017.
    """

    def __init__(
        self,
        filters,
        norm="batch",
        negative_slope=0.2,
        kernel_initializer=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.filters = _check_filters(filters)
        self.norm = check_normalization(norm)
        self.negative_slope = float(negative_slope)
        self.kernel_initializer = keras.initializers.get(
            kernel_initializer or conv_initializer()
        )
        self.conv = layers.Conv2D(
            filters,
            4,
            strides=2,
            padding="same",
            use_bias=norm != "batch",
            kernel_initializer=self.kernel_initializer,
            name="conv",
        )
        self.normalization = normalization_layer(norm, name="norm")
        self.activation = layers.LeakyReLU(self.negative_slope, name="act")

    def build(self, input_shape):
        self.conv.build(input_shape)
        shape = self.conv.compute_output_shape(input_shape)
        if self.normalization is not None:
            self.normalization.build(shape)
        self.built = True

    def call(self, inputs, training=None):
        x = self.conv(inputs)
        if self.normalization is not None:
            x = self.normalization(x, training=training)
        return self.activation(x)

    def compute_output_shape(self, input_shape):
        return self.conv.compute_output_shape(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "filters": self.filters,
                "norm": self.norm,
                "negative_slope": self.negative_slope,
                "kernel_initializer": keras.initializers.serialize(
                    self.kernel_initializer
                ),
            }
        )
        return config


@keras.saving.register_keras_serializable(package="keras_gans")
class UNetUpBlock(keras.layers.Layer):
    """Transposed convolution (4x4, stride 2), norm, dropout, ReLU, skip.

    The decoder step of the Pix2Pix U-Net ("CDk" with dropout, "Ck"
    without): it doubles the height and width, then concatenates the skip
    connection from the encoder along the channels. Called on
    `[inputs, skip]`.

    Args:
        filters: channels of the transposed convolution; the output has
            `filters + skip channels`.
        norm: `"batch"`, `"instance"` or `None`.
        dropout: dropout rate (the paper: 0.5 on the first three decoder
            blocks, the generator's only source of noise).
        kernel_initializer: N(0, 0.02) by default.
        seed: int seed of the dropout noise.

    Input shape:
        `[(batch, h, w, c), (batch, 2h, 2w, skip_channels)]`.

    Output shape:
        `(batch, 2h, 2w, filters + skip_channels)`.

    Reference:
        Isola, Zhu, Zhou & Efros, "Image-to-Image Translation with
        Conditional Adversarial Networks", CVPR 2017.
    """

    def __init__(
        self,
        filters,
        norm="batch",
        dropout=0.0,
        kernel_initializer=None,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.seed = seed
        self.filters = _check_filters(filters)
        self.norm = check_normalization(norm)
        if not 0.0 <= float(dropout) < 1.0:
            raise ValueError(
                f"Expected `dropout` in [0, 1). Received: dropout={dropout!r}"
            )
        self.dropout = float(dropout)
        self.kernel_initializer = keras.initializers.get(
            kernel_initializer or conv_initializer()
        )
        self.conv = layers.Conv2DTranspose(
            filters,
            4,
            strides=2,
            padding="same",
            use_bias=norm != "batch",
            kernel_initializer=self.kernel_initializer,
            name="conv",
        )
        self.normalization = normalization_layer(norm, name="norm")
        self.dropout_layer = (
            layers.Dropout(self.dropout, seed=seed, name="dropout")
            if self.dropout
            else None
        )
        self.activation = layers.ReLU(name="act")

    def _check_shapes(self, input_shape):
        shapes = list(input_shape) if isinstance(input_shape, list) else None
        if shapes is None or len(shapes) != 2:
            raise ValueError(
                "Expected UNetUpBlock to be called on [inputs, skip]. "
                f"Received: input_shape={input_shape!r}"
            )
        up = self.conv.compute_output_shape(shapes[0])
        if tuple(up[1:3]) != tuple(shapes[1][1:3]):
            raise ValueError(
                "Expected the skip connection to have twice the height and "
                f"width of the inputs. Received: input_shape={shapes}"
            )
        return shapes, up

    def build(self, input_shape):
        shapes, up = self._check_shapes(input_shape)
        self.conv.build(shapes[0])
        if self.normalization is not None:
            self.normalization.build(up)
        self.built = True

    def call(self, inputs, training=None):
        x, skip = inputs
        self._check_shapes([tuple(x.shape), tuple(skip.shape)])
        x = self.conv(x)
        if self.normalization is not None:
            x = self.normalization(x, training=training)
        if self.dropout_layer is not None:
            x = self.dropout_layer(x, training=training)
        x = self.activation(x)
        return keras.ops.concatenate([x, skip], axis=-1)

    def compute_output_shape(self, input_shape):
        shapes, up = self._check_shapes(input_shape)
        channels = up[-1] + shapes[1][-1]
        return tuple(up[:-1]) + (channels,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "filters": self.filters,
                "norm": self.norm,
                "dropout": self.dropout,
                "kernel_initializer": keras.initializers.serialize(
                    self.kernel_initializer
                ),
                "seed": self.seed,
            }
        )
        return config
