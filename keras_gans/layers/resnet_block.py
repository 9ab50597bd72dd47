"""The residual block of CycleGAN's and the colorization GAN's generators."""

import keras
from keras import layers

from keras_gans.layers.normalization import check_normalization
from keras_gans.layers.normalization import conv_initializer
from keras_gans.layers.normalization import normalization_layer
from keras_gans.layers.reflection_padding_2d import ReflectionPadding2D


@keras.saving.register_keras_serializable(package="keras_gans")
class ResNetBlock(keras.layers.Layer):
    """Two 3x3 convolutions with a shortcut: `x + F(x)`.

    F is pad, conv, norm, ReLU, (dropout), pad, conv, norm, as in
    Johnson et al.'s transformation network that CycleGAN's generator
    reuses. The block keeps the shape of its input: the convolutions have
    as many filters as the input has channels.

    Args:
        padding: `"reflect"` (CycleGAN) or `"zero"`, for the one-pixel
            border before each convolution.
        norm: `"instance"`, `"batch"` or `None`.
        dropout: dropout rate between the two convolutions (0: none).
        kernel_initializer: of both convolutions; N(0, 0.02) by default.
        seed: int seed of the dropout noise.

    Input shape:
        `(batch, height, width, channels)`.

    Output shape:
        Same as the input.

    Reference:
        He, Zhang, Ren & Sun, "Deep Residual Learning for Image
        Recognition", CVPR 2016; Johnson, Alahi & Fei-Fei, "Perceptual
        Losses for Real-Time Style Transfer and Super-Resolution", ECCV
        2016.
    """

    def __init__(
        self,
        padding="reflect",
        norm="instance",
        dropout=0.0,
        kernel_initializer=None,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.seed = seed
        if padding not in ("reflect", "zero"):
            raise ValueError(
                "Expected `padding` to be 'reflect' or 'zero'. "
                f"Received: padding={padding!r}"
            )
        if not 0.0 <= float(dropout) < 1.0:
            raise ValueError(
                f"Expected `dropout` in [0, 1). Received: dropout={dropout!r}"
            )
        self.padding = padding
        self.norm = check_normalization(norm)
        self.dropout = float(dropout)
        self.kernel_initializer = keras.initializers.get(
            kernel_initializer or conv_initializer()
        )

    def build(self, input_shape):
        channels = input_shape[-1]
        self._body = []
        for i in (1, 2):
            if self.padding == "reflect":
                self._body.append(ReflectionPadding2D(1, name=f"pad{i}"))
            else:
                self._body.append(layers.ZeroPadding2D(1, name=f"pad{i}"))
            self._body.append(
                layers.Conv2D(
                    channels,
                    3,
                    use_bias=self.norm != "batch",
                    kernel_initializer=self.kernel_initializer,
                    name=f"conv{i}",
                )
            )
            norm = normalization_layer(self.norm, name=f"norm{i}")
            if norm is not None:
                self._body.append(norm)
            if i == 1:
                self._body.append(layers.ReLU(name="relu"))
                if self.dropout:
                    self._body.append(
                        layers.Dropout(self.dropout, seed=self.seed)
                    )
        shape = tuple(input_shape)
        for layer in self._body:
            layer.build(shape)
            shape = layer.compute_output_shape(shape)
        self.built = True

    def call(self, inputs, training=None):
        x = inputs
        for layer in self._body:
            if isinstance(layer, (layers.Dropout, layers.BatchNormalization)):
                x = layer(x, training=training)
            else:
                x = layer(x)
        return inputs + x

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "padding": self.padding,
                "norm": self.norm,
                "dropout": self.dropout,
                "kernel_initializer": keras.initializers.serialize(
                    self.kernel_initializer
                ),
                "seed": self.seed,
            }
        )
        return config
