"""Mode-collapse measures.

- `coverage` (labelled data): the classifier's histogram of generated
  classes against that of real images. A class is covered when it
  receives at least half the share it has among real images; the measure
  is the fraction of classes covered (1 for a generator that produces
  every class, 1/10 for one that draws a single digit).
- `diversity` (any data): the mean pairwise distance between generated
  feature vectors divided by the same for real ones (about 1 for a varied
  generator, 0 for a constant one).
"""

import numpy as np

from keras_gans.metrics.registry import MetricResult
from keras_gans.metrics.registry import register_metric

_MAX_PAIRS_SAMPLES = 2000


def class_histogram(logits, num_classes=None):
    """Share of images assigned to each class (argmax of the logits)."""
    logits = np.asarray(logits)
    num_classes = num_classes or logits.shape[1]
    counts = np.bincount(logits.argmax(axis=1), minlength=num_classes)
    return counts / max(1, counts.sum())


def class_coverage(fake_logits, real_logits=None, min_share=0.5):
    """Fraction of classes that generated images cover (see module doc)."""
    fake = class_histogram(fake_logits)
    if real_logits is None:
        reference = np.full(len(fake), 1.0 / len(fake))
    else:
        reference = class_histogram(real_logits, len(fake))
    present = reference > 0
    covered = fake[present] >= min_share * reference[present]
    return float(covered.mean())


def mean_pairwise_distance(features, seed=0):
    """Mean Euclidean distance between distinct vectors (subsampled)."""
    features = np.asarray(features, np.float64)
    if len(features) > _MAX_PAIRS_SAMPLES:
        rng = np.random.default_rng(seed)
        features = features[
            rng.choice(len(features), _MAX_PAIRS_SAMPLES, replace=False)
        ]
    n = len(features)
    if n < 2:
        raise ValueError(f"Expected at least 2 feature vectors. Received: {n}")
    sq = (features**2).sum(1)
    d2 = sq[:, None] + sq[None, :] - 2 * features @ features.T
    d = np.sqrt(np.maximum(d2, 0.0))
    return float(d.sum() / (n * (n - 1)))


def diversity_ratio(fake_features, real_features, seed=0):
    real = mean_pairwise_distance(real_features, seed)
    if real == 0:
        raise ValueError(
            "Expected real images that differ from each other. Received: "
            "real features with zero mean pairwise distance"
        )
    return mean_pairwise_distance(fake_features, seed) / real


@register_metric("coverage", needs_logits=True, higher_is_better=True)
def compute_coverage(real, fake, min_share=0.5):
    """Class coverage of generated images (a `FeatureSet` with logits)."""
    if fake.logits is None:
        raise ValueError(
            "Expected an extractor with class logits for coverage. "
            f"Received: {fake.extractor!r}"
        )
    real_logits = None if real is None else real.logits
    value = class_coverage(fake.logits, real_logits, min_share)
    return MetricResult(
        "coverage",
        {"coverage": value},
        fake.extractor,
        fake.num_samples,
        None if real is None else real.num_samples,
    )


@register_metric("diversity", needs_features=True, higher_is_better=True)
def compute_diversity(real, fake):
    """Pairwise-distance diversity of generated relative to real images."""
    value = diversity_ratio(fake.features, real.features)
    return MetricResult(
        "diversity",
        {"diversity": value},
        fake.extractor,
        fake.num_samples,
        real.num_samples,
    )
