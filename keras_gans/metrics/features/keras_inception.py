"""`keras_inception`: `keras.applications.InceptionV3` with ImageNet weights.

A convenient option when the FID Inception weights are not at hand, but not
the network behind published FIDs: its weights and 1000-class head differ,
so its scores are comparable only with each other. Features are the 2048-d
global average pool; logits are the log of its softmax output.

Preprocessing: grayscale repeated to RGB, the pytorch-fid bilinear resize
to 299x299, pixels scaled to [-1, 1] (the "tf" mode of
`keras.applications.inception_v3.preprocess_input`).
"""

import os

import keras
import numpy as np

from keras_gans.metrics.features.base import FeatureExtractor
from keras_gans.metrics.features.base import to_rgb
from keras_gans.metrics.features.resize import resize_bilinear_torch

WEIGHTS_NAME = "inception_v3_weights_tf_dim_ordering_tf_kernels.h5"


def default_weights_path():
    """Where Keras caches the ImageNet weights it downloads."""
    cache = os.environ.get("KERAS_HOME") or os.path.join(
        os.path.expanduser("~"), ".keras"
    )
    return os.path.join(cache, "models", WEIGHTS_NAME)


def _missing_message(path):
    return (
        f"The keras.applications.InceptionV3 ImageNet weights were not "
        f"found at {path!r}. Put {WEIGHTS_NAME} (with the top) at "
        f"{default_weights_path()!r} or pass its path as `weights=`; "
        "Keras downloads it there when online."
    )


class KerasInceptionExtractor(FeatureExtractor):
    """Pool features and class log-probabilities of Keras' InceptionV3.

    Args:
        weights: an `.h5` file of the model with its top; None uses Keras'
            cache, downloading when online.
        download: whether a missing default file may be downloaded.
        batch_size: images per forward pass.
    """

    name = "keras_inception"
    feature_dim = 2048
    num_classes = 1000

    def __init__(self, weights=None, download=True, batch_size=32):
        super().__init__(batch_size)
        if weights is not None:
            weights = os.fspath(weights)
            if not os.path.isfile(weights):
                raise FileNotFoundError(_missing_message(weights))
        elif os.path.isfile(default_weights_path()):
            weights = default_weights_path()
        elif not download:
            raise FileNotFoundError(_missing_message(default_weights_path()))
        else:
            weights = "imagenet"
        try:
            net = keras.applications.InceptionV3(
                include_top=True, weights=weights
            )
        except Exception as error:
            if weights != "imagenet":
                raise
            raise FileNotFoundError(
                _missing_message(default_weights_path())
                + f" Downloading failed: {error}"
            ) from error
        pool = net.get_layer("avg_pool").output
        self.model = keras.Model(net.input, [pool, net.output])

    def _forward(self, images):
        x = resize_bilinear_torch(to_rgb(images).astype(np.float32), 299)
        features, probs = self.model.predict_on_batch(x / 127.5 - 1.0)
        return features, np.log(np.maximum(np.asarray(probs), 1e-30))

    def describe(self):
        return "keras_inception (ImageNet InceptionV3)"
