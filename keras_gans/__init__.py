"""Generative adversarial networks for Keras 3, on TensorFlow, JAX or torch."""

import os

# TensorFlow's C++ start-up messages drown the progress bars; a user who
# sets the variable keeps their choice.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

# Checked before Keras is imported: Keras' own error for an unknown name is
# a long traceback that does not say which names work.
_BACKENDS = ("tensorflow", "jax", "torch")
if os.environ.get("KERAS_BACKEND", "tensorflow") not in _BACKENDS:
    raise ImportError(
        "keras_gans supports the 'tensorflow', 'jax' and 'torch' Keras "
        f"backends. Received: KERAS_BACKEND={os.environ['KERAS_BACKEND']!r}"
    )


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
