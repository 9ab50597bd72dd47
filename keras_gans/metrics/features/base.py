"""The interface shared by feature extractors."""

import numpy as np


class FeatureExtractor:
    """Maps uint8 images to feature vectors (and class logits).

    Subclasses set `name`, `feature_dim`, `num_classes` (None when the
    network has no classifier head) and implement `_forward(images)`, which
    receives uint8 NHWC images of any size and 1 or 3 channels, and returns
    `(features, logits)` as numpy arrays (`logits` may be None).

    Batches are padded to `batch_size` before the network runs, so that a
    compiled forward pass is traced once.
    """

    name = None
    feature_dim = None
    num_classes = None

    def __init__(self, batch_size=64):
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(
                "Expected `batch_size` to be a positive int. "
                f"Received: batch_size={batch_size!r}"
            )
        self.batch_size = batch_size

    def __call__(self, images):
        """Features (float32) and logits (float32 or None) of a batch."""
        images = np.asarray(images)
        if images.dtype != np.uint8 or images.ndim != 4:
            raise ValueError(
                "Expected uint8 images of shape (batch, height, width, "
                f"channels). Received: dtype={images.dtype}, "
                f"shape={images.shape}"
            )
        features, logits = [], []
        for start in range(0, len(images), self.batch_size):
            chunk = images[start : start + self.batch_size]
            n = len(chunk)
            if n < self.batch_size:
                pad = np.repeat(chunk[-1:], self.batch_size - n, axis=0)
                chunk = np.concatenate([chunk, pad])
            f, l = self._forward(chunk)
            features.append(np.asarray(f, np.float32)[:n])
            if l is not None:
                logits.append(np.asarray(l, np.float32)[:n])
        features = np.concatenate(features)
        logits = np.concatenate(logits) if logits else None
        return features, logits

    def _forward(self, images):
        raise NotImplementedError

    def describe(self):
        """A short description of the extractor for result tables."""
        return self.name

    def __repr__(self):
        return f"<{type(self).__name__} {self.describe()}>"


def to_rgb(images):
    """Repeats a single channel three times."""
    if images.shape[-1] == 1:
        return np.repeat(images, 3, axis=-1)
    return images


def to_gray(images):
    """ITU-R 601 luma of RGB images, as float32 with one channel."""
    images = images.astype(np.float32)
    if images.shape[-1] == 3:
        weights = np.array([0.299, 0.587, 0.114], np.float32)
        images = (images @ weights)[..., None]
    return images
