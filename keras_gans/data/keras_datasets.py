"""The image data sets of `keras.datasets`, downloaded and cached by Keras."""

import os

import keras
import numpy as np

from keras_gans.data.images import check_size
from keras_gans.data.images import resize_images
from keras_gans.data.images import to_unit_range

_GCS = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
_FASHION_FILES = (
    "train-labels-idx1-ubyte.gz",
    "train-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
)

# For each data set: its loader, the files Keras keeps in its cache (paths
# under `<keras home>/datasets`) with the address each is downloaded from,
# and the class names.
KERAS_DATASETS = {
    "mnist": {
        "load": lambda: keras.datasets.mnist.load_data(),
        "files": {"mnist.npz": _GCS + "mnist.npz"},
        "class_names": [str(d) for d in range(10)],
    },
    "fashion_mnist": {
        "load": lambda: keras.datasets.fashion_mnist.load_data(),
        "files": {
            f"fashion-mnist/{name}": _GCS + name for name in _FASHION_FILES
        },
        "class_names": (
            "T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,"
            "Bag,Ankle boot"
        ).split(","),
    },
    "cifar10": {
        "load": lambda: keras.datasets.cifar10.load_data(),
        # Keras stores the downloaded archive under this name.
        "files": {
            "cifar-10-batches-py-target_archive": (
                "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
            )
        },
        "class_names": (
            "airplane automobile bird cat deer dog frog horse ship truck"
        ).split(),
    },
}


def keras_cache_dir():
    """The folder where `keras.datasets` looks for and stores its files.

    Mirrors `keras.utils.get_file`: `$KERAS_HOME` (or `~/.keras`) as read
    when Keras was imported, or `/tmp/.keras` when that is not writable,
    then `datasets/`.
    """
    # Keras exposes no public accessor for the home it read at import.
    from keras.src.backend.config import keras_home

    base = os.path.expanduser(keras_home())
    if not os.access(base, os.W_OK):
        base = os.path.join("/tmp", ".keras")
    return os.path.join(base, "datasets")


def load_keras_dataset(
    name, image_size=None, channels=None, return_labels=False
):
    """Loads mnist, fashion_mnist or cifar10 through `keras.datasets`.

    Keras downloads the files on first use and caches them (see
    `keras_cache_dir()`). The training and test splits are joined: a GAN
    has no use for a held-out split. Images are resized with Pillow's
    bicubic filter when `image_size` differs from the native size and
    scaled to [-1, 1].

    Args:
        name: "mnist", "fashion_mnist" or "cifar10".
        image_size: output height and width; the native size when None.
        channels: 1 or 3; the native count when None. Grey becomes RGB by
            replication, RGB becomes grey by luma.
        return_labels: also return labels and class names.

    Returns:
        float32 images `(num, image_size, image_size, channels)` in [-1, 1];
        with `return_labels`, `(images, labels, class_names)`, int32 labels.

    Raises:
        ValueError: an unknown `name`.
        OSError: the files are not in the cache and could not be
            downloaded; the message says where to put them.
    """
    if name not in KERAS_DATASETS:
        raise ValueError(
            f"Expected one of {sorted(KERAS_DATASETS)}. Received: name={name!r}"
        )
    spec = KERAS_DATASETS[name]
    try:
        (x_train, y_train), (x_test, y_test) = spec["load"]()
    except Exception as err:
        # Keras removes a failed download, so a missing file means the
        # download failed; anything else (a corrupt file) is re-raised.
        cache = keras_cache_dir()
        missing = {
            os.path.join(cache, file): url
            for file, url in spec["files"].items()
            if not os.path.exists(os.path.join(cache, file))
        }
        if not missing:
            raise
        places = "; ".join(f"{url} -> {path}" for path, url in missing.items())
        raise OSError(
            f"The {name!r} data set could not be downloaded ({err}). "
            "Without a network connection, download its files elsewhere "
            f"and place them in Keras' cache: {places}"
        ) from err

    images = np.concatenate([x_train, x_test])
    if images.ndim == 4 and images.shape[1] == 3 and images.shape[3] != 3:
        # cifar10 follows `keras.config.image_data_format()`.
        images = images.transpose(0, 2, 3, 1)
    native_channels = images.shape[3] if images.ndim == 4 else 1
    image_size, channels = check_size(
        images.shape[1] if image_size is None else image_size,
        native_channels if channels is None else channels,
    )
    images = to_unit_range(resize_images(images, image_size, channels))
    if not return_labels:
        return images
    labels = np.concatenate([y_train, y_test]).reshape(-1).astype("int32")
    return images, labels, list(spec["class_names"])
