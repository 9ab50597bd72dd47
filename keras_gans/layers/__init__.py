"""Layers shared by the models."""

from keras_gans.layers.spectral_normalization import SpectralNormalization
