"""Layers GANs need that Keras does not ship as such."""

from keras_gans.layers.conditional_batch_normalization import (
    ConditionalBatchNormalization,
)
