"""Layers shared by the models."""

from keras_gans.layers.conditional_batch_normalization import (
    ConditionalBatchNormalization,
)
from keras_gans.layers.spectral_normalization import SpectralNormalization
