"""Generative adversarial networks for Keras 3, on TensorFlow, JAX or torch."""

from keras_gans import backend
from keras_gans import callbacks
from keras_gans import losses
from keras_gans import models
from keras_gans import utils
from keras_gans.models import DCGAN
from keras_gans.models import GAN
from keras_gans.models import SRGAN

__version__ = "0.1.0"
