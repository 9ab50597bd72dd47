"""Generative adversarial networks for Keras 3, on TensorFlow, JAX or torch."""

import os

# TensorFlow's C++ start-up messages drown the progress bars; a user who
# sets the variable keeps their choice.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


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
