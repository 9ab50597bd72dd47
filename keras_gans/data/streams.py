"""Streams of batches for `GAN.fit`: tf.data, torch DataLoader, PyDataset.

Each stream is checked on its first batch, read ahead of training (the
stream is re-iterable, so nothing is lost), then wrapped so that every
step receives `group` consecutive batches joined into one, with uint8
pixels mapped to [-1, 1]. Frameworks are imported only when their stream
is passed.
"""

import sys

import keras
import numpy as np

from keras_gans.data.checks import check_images
from keras_gans.data.images import to_unit_range


def split_batch(batch, kind):
    """`(images, rest)` from a batch: a tensor, or a tuple/list (x, y...)."""
    if isinstance(batch, (tuple, list)) and batch:
        return batch[0], tuple(batch[1:])
    if isinstance(batch, (tuple, list, dict)):
        raise ValueError(
            "Expected batches of images or (images, labels) tuples. "
            f"Received: a batch of the {kind} of type {type(batch).__name__}"
        )
    return batch, ()


def to_numpy(value):
    if hasattr(value, "detach"):  # a torch tensor
        value = value.detach().cpu()
    return np.asarray(value)


def check_first_batch(batch, image_shape, kind):
    """Checks the images of a stream's first batch; returns them (numpy)."""
    if batch is None:
        raise ValueError(
            f"Expected a {kind} that yields batches of images. "
            f"Received: an empty {kind}"
        )
    images = to_numpy(split_batch(batch, kind)[0])
    check_images(images, image_shape, f"the first batch of the {kind}")
    return images


def _instance_of(x, module, get_class):
    # Only a module the user has already imported can have made `x`.
    module = sys.modules.get(module)
    return module is not None and isinstance(x, get_class(module))


def adapt_stream(x, image_shape, group):
    """`x` ready for `keras.Model.fit`, or None when it is not a stream."""
    if _instance_of(x, "tensorflow", lambda tf: tf.data.Dataset):
        return _group_tf_dataset(x, image_shape, group)
    if isinstance(x, keras.utils.PyDataset):
        return _group_py_dataset(x, image_shape, group)
    if _instance_of(x, "torch", lambda torch: torch.utils.data.DataLoader):
        from keras_gans.data.torch_loader import group_torch_batches

        return group_torch_batches(x, image_shape, group)
    return None


def _group_tf_dataset(dataset, image_shape, group):
    import tensorflow as tf

    kind = "tf.data.Dataset"
    images = check_first_batch(next(iter(dataset), None), image_shape, kind)
    batch_size = len(images)
    if images.dtype == np.uint8:

        def scale(*element):
            images = tf.cast(element[0], "float32") / 127.5 - 1.0
            return (images,) + element[1:]

        dataset = dataset.map(scale, num_parallel_calls=tf.data.AUTOTUNE)

    # Keras on TensorFlow runs one step past the end of a dataset of
    # unknown length: the data is missing, but the generator update, which
    # does not read it, still happens. So a known length is kept known:
    # only the last batch may be incomplete, and it is dropped unless the
    # batch size is static (batched with drop_remainder=True).
    num_batches = int(dataset.cardinality())
    if num_batches >= 0:
        static = tf.nest.flatten(dataset.element_spec)[0].shape[0] is not None
        full = num_batches if static else num_batches - 1
        if full < group:
            raise ValueError(
                f"Expected at least d_steps = {group} complete batches. "
                f"Received: a {kind} with {full} complete batches of "
                f"{batch_size} images"
            )
        dataset = dataset.take(full)
    # Re-slicing into `group * batch_size` drops an incomplete rest.
    dataset = dataset.rebatch(group * batch_size, drop_remainder=True)
    if num_batches >= 0:
        dataset = dataset.apply(
            tf.data.experimental.assert_cardinality(full // group)
        )
    return dataset


def _group_py_dataset(dataset, image_shape, group):
    kind = "PyDataset"
    images = check_first_batch(dataset[0], image_shape, kind)
    batch_size = len(images)
    num_steps = num_batches = dataset.num_batches
    if num_batches is not None:
        last = to_numpy(split_batch(dataset[num_batches - 1], kind)[0])
        full = num_batches - (len(last) != batch_size)
        num_steps = full // group
        if num_steps < 1:
            raise ValueError(
                f"Expected at least d_steps = {group} complete batches. "
                f"Received: a {kind} with {full} complete batches of "
                f"{batch_size} images"
            )
    return GroupedPyDataset(dataset, group, batch_size, num_steps)


class GroupedPyDataset(keras.utils.PyDataset):
    """Joins `group` consecutive batches of a PyDataset into one."""

    def __init__(self, dataset, group, batch_size, num_steps):
        super().__init__(
            workers=dataset.workers,
            use_multiprocessing=dataset.use_multiprocessing,
            max_queue_size=dataset.max_queue_size,
        )
        self.dataset = dataset
        self.group = group
        self.batch_size = batch_size
        self.num_steps = num_steps

    @property
    def num_batches(self):
        return self.num_steps

    def __getitem__(self, index):
        first = index * self.group
        parts = [
            split_batch(self.dataset[first + i], "PyDataset")
            for i in range(self.group)
        ]
        images = np.concatenate([to_numpy(images) for images, _ in parts])
        if len(images) != self.group * self.batch_size:
            raise ValueError(
                f"Expected every batch of the PyDataset but the last to hold "
                f"{self.batch_size} images. Received: batches {first} to "
                f"{first + self.group - 1} with {len(images)} images in all"
            )
        if images.dtype == np.uint8:
            images = to_unit_range(images)
        rest = [
            np.concatenate([to_numpy(r[k]) for _, r in parts])
            for k in range(len(parts[0][1]))
        ]
        return (images, *rest)

    def on_epoch_begin(self):
        self.dataset.on_epoch_begin()

    def on_epoch_end(self):
        self.dataset.on_epoch_end()
