"""Features of a set of images: running statistics, and optionally the
feature vectors and logits themselves, with a `.npz` cache."""

import os

import numpy as np

from keras_gans.metrics import sources
from keras_gans.metrics.features import get_extractor
from keras_gans.metrics.statistics import RunningStatistics
from keras_gans.metrics.statistics import warn_if_few_samples


class FeatureSet:
    """What the metrics need to know about one set of images.

    Attributes:
        extractor: name of the feature extractor (with its resize, if any).
        num_samples: number of images.
        mean, cov: float64 feature mean and unbiased covariance.
        features: float32 `(num_samples, d)` feature vectors, or None when
            only statistics were kept (enough for FID).
        logits: float32 `(num_samples, classes)`, or None.
    """

    def __init__(
        self, extractor, num_samples, mean, cov, features=None, logits=None
    ):
        self.extractor = extractor
        self.num_samples = int(num_samples)
        self.mean, self.cov = mean, cov
        self.features, self.logits = features, logits

    def save(self, path):
        """Writes the set to a `.npz` file."""
        arrays = {"mean": self.mean, "cov": self.cov}
        if self.features is not None:
            arrays["features"] = self.features
        if self.logits is not None:
            arrays["logits"] = self.logits
        np.savez(
            path,
            extractor=np.array(self.extractor),
            num_samples=np.array(self.num_samples),
            **arrays,
        )

    @classmethod
    def load(cls, path):
        with np.load(path) as data:
            return cls(
                extractor=str(data["extractor"]),
                num_samples=int(data["num_samples"]),
                mean=data["mean"],
                cov=data["cov"],
                features=data["features"] if "features" in data else None,
                logits=data["logits"] if "logits" in data else None,
            )

    def __repr__(self):
        return (
            f"<FeatureSet {self.extractor}: {self.num_samples} images, "
            f"{len(self.mean)}-d>"
        )


def extract(
    source,
    features="digits",
    num_samples=None,
    batch_size=64,
    seed=0,
    keep_features=True,
    keep_logits=True,
):
    """Runs an extractor over an image source, batch by batch.

    Images are never held all at once: each batch is quantized to uint8,
    passed through the extractor, and folded into float64 running
    statistics. Feature vectors and logits (small) are kept when asked for.

    Args:
        source: images (see `keras_gans.metrics.sources`), a `FeatureSet`
            (returned as is) or the path of a cached `.npz`.
        features: extractor name or instance.
        num_samples: images to use (a seeded subset of larger sets; needed
            for a GAN).
        batch_size: images per batch read from the source.
        seed: seed of the subset or of the GAN's latents.
        keep_features, keep_logits: keep the per-image arrays (KID,
            precision/recall and the Inception Score need them).

    Returns:
        A `FeatureSet`.
    """
    if isinstance(source, FeatureSet):
        return source
    if isinstance(source, (str, os.PathLike)) and os.fspath(source).endswith(
        ".npz"
    ):
        return FeatureSet.load(source)
    extractor = get_extractor(features)
    warn_if_few_samples(
        sources.count(source, num_samples), extractor.feature_dim
    )
    stats = RunningStatistics(extractor.feature_dim)
    kept_features, kept_logits = [], []
    for batch in sources.iterate_batches(source, batch_size, num_samples, seed):
        f, logits = extractor(batch)
        stats.update(f)
        if keep_features:
            kept_features.append(f)
        if keep_logits and logits is not None:
            kept_logits.append(logits)
    if stats.num_samples < 2:
        raise ValueError(
            "Expected at least 2 images to evaluate. "
            f"Received: {stats.num_samples}"
        )
    return FeatureSet(
        extractor=extractor.describe(),
        num_samples=stats.num_samples,
        mean=stats.mean,
        cov=stats.cov,
        features=np.concatenate(kept_features) if kept_features else None,
        logits=np.concatenate(kept_logits) if kept_logits else None,
    )


def reference_features(
    source, path, features="digits", num_samples=None, batch_size=64, seed=0
):
    """Features of a real data set, computed once and cached in `path`.

    A cache made with another extractor is an error, not a silent reuse.
    """
    path = os.fspath(path)
    if not path.endswith(".npz"):
        raise ValueError(
            f"Expected a cache path ending in .npz. Received: path={path!r}"
        )
    extractor = get_extractor(features)
    if os.path.isfile(path):
        cached = FeatureSet.load(path)
        if cached.extractor != extractor.describe():
            raise ValueError(
                f"Expected a cache made with {extractor.describe()!r}. "
                f"Received: {path!r} made with {cached.extractor!r}; delete "
                "it or pass another path"
            )
        return cached
    result = extract(source, extractor, num_samples, batch_size, seed)
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    result.save(path)
    return result
