"""Generative adversarial networks for Keras 3, on TensorFlow, JAX or torch."""

from keras_gans import (
    augmentation,
    backend,
    callbacks,
    color,
    layers,
    losses,
    models,
    utils,
)
from keras_gans.models import DCGAN, GAN, SRGAN, WGAN, ConditionalGAN

__version__ = "0.1.0"
