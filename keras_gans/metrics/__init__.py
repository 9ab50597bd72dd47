"""Measures of generated samples."""

from keras_gans.metrics import digits
