"""Measures of generated samples."""

from keras_gans.metrics import digits
from keras_gans.metrics.translation import translation_scores
