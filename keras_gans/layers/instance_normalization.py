"""Instance normalization (Ulyanov et al., 2016)."""

import keras


@keras.saving.register_keras_serializable(package="keras_gans")
class InstanceNormalization(keras.layers.GroupNormalization):
    """Normalizes each channel of each image over its spatial positions.

    It is `keras.layers.GroupNormalization` with one group per channel;
    only the defaults differ: `epsilon=1e-5` as in the image-to-image
    papers (Keras' group normalization uses 1e-3). With `center` and
    `scale` the layer learns a per-channel affine transform after the
    normalization; the CycleGAN reference code uses none
    (`center=False, scale=False`).

    The statistics are those of the image itself, in training and at
    inference alike, so the layer has no state that a training step could
    disturb.

    Args:
        epsilon: added to the variance before the square root.
        center: learn a per-channel offset (beta).
        scale: learn a per-channel gain (gamma).
        axis: the channel axis.
        **kwargs: passed to `keras.layers.GroupNormalization`.

    Input shape:
        `(batch, ..., channels)` with `axis=-1`.

    Output shape:
        Same as the input.

    Reference:
        Ulyanov, Vedaldi & Lempitsky, "Instance Normalization: The Missing
        Ingredient for Fast Stylization", arXiv:1607.08022, 2016.
    """

    def __init__(
        self, epsilon=1e-5, center=True, scale=True, axis=-1, **kwargs
    ):
        groups = kwargs.pop("groups", -1)
        if groups != -1:
            raise ValueError(
                "InstanceNormalization uses one group per channel. "
                f"Expected groups=-1. Received: groups={groups!r}"
            )
        super().__init__(
            groups=-1,
            axis=axis,
            epsilon=epsilon,
            center=center,
            scale=scale,
            **kwargs,
        )
