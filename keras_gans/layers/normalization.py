"""Picks a normalization layer by name, as the image-to-image models do."""

import keras

from keras_gans.layers.instance_normalization import InstanceNormalization

NORMALIZATIONS = ("batch", "instance", None)


def check_normalization(norm):
    """Returns `norm` if it names a supported normalization, else raises."""
    if norm not in NORMALIZATIONS:
        raise ValueError(
            f"Expected `norm` to be one of {list(NORMALIZATIONS)}. "
            f"Received: norm={norm!r}"
        )
    return norm


def normalization_layer(norm, name=None):
    """A fresh normalization layer: `"batch"`, `"instance"` or `None`.

    Batch normalization uses PyTorch's defaults, which the reference code
    of Pix2Pix and CycleGAN ran with (momentum 0.1 there, 0.9 in Keras'
    convention; epsilon 1e-5), with gains drawn from N(1, 0.02) as in the
    papers. Instance normalization is `InstanceNormalization` (epsilon
    1e-5). `None` returns `None`: the caller skips the layer.
    """
    check_normalization(norm)
    if norm == "batch":
        return keras.layers.BatchNormalization(
            momentum=0.9,
            epsilon=1e-5,
            gamma_initializer=keras.initializers.RandomNormal(1.0, 0.02),
            name=name,
        )
    if norm == "instance":
        return InstanceNormalization(name=name)
    return None


def conv_initializer():
    """N(0, 0.02), the weight initialization of Pix2Pix and CycleGAN."""
    return keras.initializers.RandomNormal(stddev=0.02)
