"""torch `DataLoader` input for `GAN.fit`.

Imports torch, so it is only imported when a DataLoader is passed.
"""

import torch

from keras_gans.data.streams import check_first_batch
from keras_gans.data.streams import split_batch


class GroupedBatches(torch.utils.data.IterableDataset):
    """Joins `group` consecutive complete batches of a DataLoader.

    Batches of another size than `batch_size` (the last, incomplete one)
    are dropped; uint8 images are mapped to float32 in [-1, 1].
    """

    def __init__(self, loader, group, batch_size):
        self.loader = loader
        self.group = group
        self.batch_size = batch_size

    def __iter__(self):
        pending = []
        for batch in self.loader:
            images, rest = split_batch(batch, "torch DataLoader")
            if len(images) != self.batch_size:
                continue
            pending.append((images, *rest))
            if len(pending) == self.group:
                yield self._join(pending)
                pending = []

    def _join(self, batches):
        # Always a tuple: Keras reads a bare tensor as a tuple of images.
        images, *rest = (
            torch.cat([torch.as_tensor(part) for part in column])
            for column in zip(*batches)
        )
        if images.dtype == torch.uint8:
            images = images.float() / 127.5 - 1.0
        return (images, *rest)


class SizedGroupedBatches(GroupedBatches):
    """`GroupedBatches` of a DataLoader whose length is known."""

    def __init__(self, loader, group, batch_size, num_steps):
        super().__init__(loader, group, batch_size)
        self.num_steps = num_steps

    def __len__(self):
        return self.num_steps


def group_torch_batches(loader, image_shape, group):
    """A DataLoader yielding `group` joined batches of `loader` per step."""
    kind = "torch DataLoader"
    images = check_first_batch(next(iter(loader), None), image_shape, kind)
    batch_size = loader.batch_size or len(images)
    try:
        full = len(loader)
    except TypeError:  # an iterable dataset without a length
        return torch.utils.data.DataLoader(
            GroupedBatches(loader, group, batch_size), batch_size=None
        )
    if (
        loader.batch_size
        and not loader.drop_last
        and len(loader.dataset) % loader.batch_size
    ):
        full -= 1
    if full < group:
        raise ValueError(
            f"Expected at least d_steps = {group} complete batches. "
            f"Received: a {kind} with {full} complete batches of "
            f"{batch_size} images"
        )
    grouped = SizedGroupedBatches(loader, group, batch_size, full // group)
    return torch.utils.data.DataLoader(grouped, batch_size=None)
