"""Measures of generated samples."""

from keras_gans.metrics import digits
from keras_gans.metrics.colorization import colorization_scores
from keras_gans.metrics.domain_transfer import DomainClassifier
from keras_gans.metrics.domain_transfer import color_frechet_distance
from keras_gans.metrics.domain_transfer import domain_transfer_scores
from keras_gans.metrics.translation import translation_scores
