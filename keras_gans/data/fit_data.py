"""Turns what a user passes to `GAN.fit` into what Keras' `fit` needs."""

import numpy as np

from keras_gans.data.checks import check_images
from keras_gans.data.images import to_unit_range
from keras_gans.data.streams import adapt_stream

DEFAULT_BATCH_SIZE = 32


def _check_batch_size(batch_size):
    if batch_size is None:
        return DEFAULT_BATCH_SIZE
    if (
        isinstance(batch_size, bool)
        or not isinstance(batch_size, (int, np.integer))
        or batch_size < 1
    ):
        raise ValueError(
            "Expected `batch_size` to be a positive int or None. "
            f"Received: batch_size={batch_size!r}"
        )
    return int(batch_size)


def _as_array(value, name):
    if isinstance(value, (np.ndarray, list)) or hasattr(value, "__array__"):
        return np.asarray(value)
    raise ValueError(
        "Expected images as a numpy array, an (images, labels) tuple, a "
        "tf.data.Dataset, a torch DataLoader or a keras.utils.PyDataset. "
        f"Received: {name} of type {type(value).__name__}"
    )


def prepare_fit_data(x, image_shape, batch_size, group, seed=None):
    """Validates real images and arranges them in steps of `group` batches.

    Every training step receives `group * batch_size` images, which the
    step splits into `group` discriminator updates of `batch_size` each.

    - Arrays (or an `(images, labels)` tuple, labels kept aligned and
      passed on as a tuple) are checked whole before training. When their
      length is not a multiple of `group * batch_size`, a random few
      (fewer than one step's worth, drawn once with `seed`) are left out
      so that every step is complete.
    - Streams (`tf.data.Dataset`, torch `DataLoader`, `keras.utils.PyDataset`)
      are checked on their first batch, which is read ahead of training;
      they keep their own batch size, `group` consecutive batches are
      joined per step and an incomplete rest is dropped. A tf.data
      dataset of known length whose batch size is not static (batched
      without `drop_remainder=True`) loses its last batch each pass, which
      may be incomplete: that keeps its length known to Keras.

    uint8 images are mapped from [0, 255] to [-1, 1]; float images must be
    finite and within [-1, 1] already (a warning is given when they look
    like [0, 1]).

    Args:
        x: the real images, in one of the forms above.
        image_shape: the model's `(height, width, channels)`.
        batch_size: images per discriminator update for arrays (default
            32); must be None for streams.
        group: discriminator updates per step (`d_steps`).
        seed: seed for the choice of left-out images.

    Returns:
        `(x, batch_size)` for `keras.Model.fit`.
    """
    if x is None:
        raise ValueError("Expected real images in `x`. Received: x=None")
    image_shape = tuple(image_shape)
    stream = adapt_stream(x, image_shape, group)
    if stream is not None:
        if batch_size is not None:
            raise ValueError(
                "Expected batch_size=None with a tf.data.Dataset, torch "
                "DataLoader or PyDataset: the stream sets its own batch "
                f"size. Received: batch_size={batch_size!r}"
            )
        return stream, None

    batch_size = _check_batch_size(batch_size)
    labels = None
    if isinstance(x, tuple):
        if len(x) != 2:
            raise ValueError(
                "Expected `x` as images or an (images, labels) tuple. "
                f"Received: a tuple of length {len(x)}"
            )
        x, labels = x
        labels = _as_array(labels, "labels")
    images = _as_array(x, "x")
    check_images(images, image_shape, "x")
    if labels is not None and len(labels) != len(images):
        raise ValueError(
            "Expected one label per image. "
            f"Received: {len(images)} images and {len(labels)} labels"
        )

    step = group * batch_size
    if len(images) < step:
        raise ValueError(
            f"Expected at least batch_size * d_steps = {step} images "
            f"(batch_size={batch_size}, d_steps={group}). "
            f"Received: {len(images)} images"
        )
    keep = len(images) - len(images) % step
    if keep < len(images):
        rng = np.random.default_rng(seed)
        index = np.sort(rng.choice(len(images), keep, replace=False))
        images = images[index]
        labels = None if labels is None else labels[index]
    if images.dtype == np.uint8:
        images = to_unit_range(images)
    else:
        images = images.astype("float32", copy=False)
    x = images if labels is None else (images, labels)
    return x, step
