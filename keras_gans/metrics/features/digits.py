"""`digits`: a small classifier of handwritten digits, shipped with the
package, as an offline feature extractor and a class-coverage measure.

The network is trained on scikit-learn's embedded digits (1,797 images of
8x8 pixels, 10 classes; no download) upsampled to 28x28, the resolution of
the `digits` DCGAN preset. Images of other sizes are resized to 28x28 in
float with Pillow's bilinear filter (antialiased when shrinking); RGB images
are reduced to their luma. Pixels are scaled to [-1, 1] like generator
outputs.

Layers: three 3x3 convolutions (16, 32, 64 filters, ReLU), each followed
by 2x2 max pooling, a 64-unit dense layer, then ReLU, dropout and 10
logits. The features are that dense layer's output (before its ReLU),
standardized per dimension with the training images' mean and variance.
Training (`train()`, run by `scripts/train_digits_classifier.py`) uses
a fixed stratified split of the digits (80% train, 20% held out,
`random_state=0`) and augments each epoch with random upsampling filters
(nearest, bilinear, bicubic, Lanczos; the data loaders of GAN users
differ), shifts of up to 2 pixels and detours through a lower resolution
(a 16x16 generator upsampled by this extractor). Held-out accuracy is
recorded beside the weights and tested.
"""

import os

import keras
import numpy as np
from keras import layers

from keras_gans.metrics.features.base import FeatureExtractor
from keras_gans.metrics.features.base import to_gray
from keras_gans.metrics.features.resize import resize_pil

IMAGE_SIZE = 28
FEATURE_DIM = 64
NUM_CLASSES = 10
WEIGHTS_NAME = "digits_classifier.weights.h5"
_ASSETS = os.path.join(
    os.path.dirname(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ),
    "assets",
)
DEFAULT_WEIGHTS = os.path.join(_ASSETS, WEIGHTS_NAME)


def digits_classifier():
    """The classifier as a Keras model with outputs `[features, logits]`."""
    images = keras.Input((IMAGE_SIZE, IMAGE_SIZE, 1), name="images")
    x = images
    for i, filters in enumerate((16, 32, 64)):
        x = layers.Conv2D(
            filters, 3, padding="same", activation="relu", name=f"conv{i + 1}"
        )(x)
        x = layers.MaxPooling2D(2, name=f"pool{i + 1}")(x)
    x = layers.Flatten(name="flatten")(x)
    hidden = layers.Dense(FEATURE_DIM, name="features")(x)
    x = layers.ReLU(name="features_relu")(hidden)
    x = layers.Dropout(0.3, name="dropout")(x)
    logits = layers.Dense(NUM_CLASSES, name="logits")(x)
    # Features are standardized with the training set's statistics (set
    # after training), so that their scale suits KID's polynomial kernel
    # (which assumes features of order one) as Inception features do.
    features = layers.Normalization(name="feature_scale")(hidden)
    return keras.Model(images, [features, logits], name="digits_classifier")


def _upsample(images8, size, method):
    from PIL import Image

    filters = {
        "nearest": Image.Resampling.NEAREST,
        "bilinear": Image.Resampling.BILINEAR,
        "bicubic": Image.Resampling.BICUBIC,
        "lanczos": Image.Resampling.LANCZOS,
    }
    out = np.empty((len(images8), size, size), np.uint8)
    for i, image in enumerate(images8):
        out[i] = np.asarray(
            Image.fromarray(image).resize((size, size), filters[method])
        )
    return out[..., None]


def load_digits_images(image_size=IMAGE_SIZE, method="bilinear"):
    """scikit-learn's digits as uint8 `(1797, size, size, 1)` and labels.

    The 0-16 intensities are scaled to 0-255 and upsampled with Pillow.
    """
    from sklearn.datasets import load_digits

    data = load_digits()
    images8 = np.rint(data.images * (255.0 / 16.0)).astype(np.uint8)
    return _upsample(images8, image_size, method), data.target.astype(int)


def split_indices():
    """The fixed (train, held-out) index split of the 1,797 digits."""
    from sklearn.model_selection import train_test_split

    labels = load_digits_images(8)[1]
    return train_test_split(
        np.arange(len(labels)),
        test_size=0.2,
        random_state=0,
        stratify=labels,
    )


def preprocess(images):
    """uint8 NHWC of any size -> float32 `(n, 28, 28, 1)` in [-1, 1]."""
    x = to_gray(images)
    x = resize_pil(x, IMAGE_SIZE, "bilinear")
    return x / 127.5 - 1.0


def _augmented_epoch(images8, rng):
    """One epoch of augmented 28x28 uint8 images from 8x8 originals."""
    methods = ("nearest", "bilinear", "bicubic", "lanczos")
    out = np.empty((len(images8), IMAGE_SIZE, IMAGE_SIZE, 1), np.uint8)
    choice = rng.integers(len(methods), size=len(images8))
    for m, method in enumerate(methods):
        idx = np.flatnonzero(choice == m)
        if len(idx):
            out[idx] = _upsample(images8[idx], IMAGE_SIZE, method)
    # A detour through a lower resolution, as a small generator's output.
    detour = np.flatnonzero(rng.random(len(images8)) < 0.25)
    for i in detour:
        size = int(rng.integers(12, 24))
        low = _upsample(images8[i : i + 1], size, "bilinear")
        up = resize_pil(low.astype(np.float32), IMAGE_SIZE, "bilinear")
        out[i] = np.clip(np.rint(up[0]), 0, 255).astype(np.uint8)
    shifts = rng.integers(-2, 3, size=(len(images8), 2))
    for i, (dy, dx) in enumerate(shifts):
        out[i] = np.roll(out[i], (dy, dx), axis=(0, 1))
    return out


def train(output_path=DEFAULT_WEIGHTS, epochs=40, seed=0, verbose=0):
    """Trains the classifier and writes its weights.

    Returns:
        The held-out accuracy (bilinear upsampling, no augmentation).
    """
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    from sklearn.datasets import load_digits

    data = load_digits()
    images8 = np.rint(data.images * (255.0 / 16.0)).astype(np.uint8)
    labels = data.target.astype(int)
    train_idx, test_idx = split_indices()
    model = digits_classifier()
    trainer = keras.Model(model.input, model.outputs[1])
    trainer.compile(
        optimizer=keras.optimizers.Adam(1e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    test_x = preprocess(_upsample(images8[test_idx], IMAGE_SIZE, "bilinear"))
    for epoch in range(epochs):
        x = preprocess(_augmented_epoch(images8[train_idx], rng))
        trainer.fit(
            x, labels[train_idx], batch_size=64, epochs=1, verbose=verbose
        )
    logits = trainer.predict(test_x, verbose=0)
    accuracy = float(np.mean(np.argmax(logits, -1) == labels[test_idx]))
    train_x = preprocess(_upsample(images8[train_idx], IMAGE_SIZE, "bilinear"))
    hidden = keras.Model(model.input, model.get_layer("features").output)
    model.get_layer("feature_scale").adapt(hidden.predict(train_x, verbose=0))
    model.save_weights(output_path)
    return accuracy


class DigitsExtractor(FeatureExtractor):
    """`digits`: 64-d features and 10-way logits of the digits classifier.

    Args:
        weights: a `.weights.h5` file; defaults to the one shipped in
            `keras_gans/assets`.
        batch_size: images per forward pass.
    """

    name = "digits"
    feature_dim = FEATURE_DIM
    num_classes = NUM_CLASSES

    def __init__(self, weights=None, batch_size=256):
        super().__init__(batch_size)
        weights = DEFAULT_WEIGHTS if weights is None else os.fspath(weights)
        if not os.path.isfile(weights):
            raise FileNotFoundError(
                f"The digits classifier weights were not found at "
                f"{weights!r}. They ship with keras_gans in "
                f"{DEFAULT_WEIGHTS!r}; rebuild them with `python "
                "scripts/train_digits_classifier.py`."
            )
        self.model = digits_classifier()
        self.model.load_weights(weights)

    def _forward(self, images):
        features, logits = self.model.predict_on_batch(preprocess(images))
        return features, logits
