"""One entry point for every data set by name or folder."""

import os

from keras_gans.data.digits import load_digits
from keras_gans.data.image_folder import load_image_folder
from keras_gans.data.keras_datasets import KERAS_DATASETS
from keras_gans.data.keras_datasets import load_keras_dataset

DATASET_NAMES = ("digits",) + tuple(KERAS_DATASETS)


def load_dataset(name_or_path, image_shape, return_labels=False):
    """Loads a data set by name, or a folder of images, for a model.

    Args:
        name_or_path: "digits" (bundled, no network), "mnist",
            "fashion_mnist", "cifar10" (through `keras.datasets`), or the
            path of a folder of images (see `load_image_folder`). Names
            win over a folder of the same name; write `./digits` for the
            folder.
        image_shape: the model's `(size, size, channels)`.
        return_labels: also return labels and class names.

    Returns:
        float32 images of shape `(num,) + image_shape` in [-1, 1]; with
        `return_labels`, `(images, labels, class_names)`.
    """
    shape = tuple(image_shape)
    if len(shape) != 3 or shape[0] != shape[1]:
        raise ValueError(
            "Expected a square `image_shape` (size, size, channels). "
            f"Received: image_shape={image_shape!r}"
        )
    size, _, channels = shape
    if name_or_path == "digits":
        return load_digits(size, channels, return_labels)
    if name_or_path in KERAS_DATASETS:
        return load_keras_dataset(name_or_path, size, channels, return_labels)
    if os.path.isdir(name_or_path):
        return load_image_folder(name_or_path, size, channels, return_labels)
    raise ValueError(
        f"Expected a data set name ({', '.join(DATASET_NAMES)}) or a folder "
        f"of images. Received: {name_or_path!r}, which is neither"
    )
