"""Improved precision and recall of generative models (Kynkäänniemi et
al., 2019).

Each set's manifold is the union of balls around its feature vectors, with
radius the distance to the k-th nearest neighbour in the same set.
Precision is the fraction of generated images inside the real manifold
(quality); recall the fraction of real images inside the generated one
(coverage). Both are in [0, 1], higher is better.

Reference:
    Kynkäänniemi, Karras, Laine, Lehtinen & Aila, "Improved Precision and
    Recall Metric for Assessing Generative Models", NeurIPS 2019.
"""

import numpy as np

from keras_gans.metrics.registry import MetricResult
from keras_gans.metrics.registry import register_metric

_ROWS = 1024  # distance rows computed at once, to bound memory


def _distances(a, b):
    sq = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2 * a @ b.T
    return np.sqrt(np.maximum(sq, 0.0))


def knn_radii(features, k):
    """Distance from each vector to its k-th nearest other vector."""
    features = np.asarray(features, np.float64)
    radii = np.empty(len(features))
    for start in range(0, len(features), _ROWS):
        d = _distances(features[start : start + _ROWS], features)
        # Column 0 after sorting is the vector itself (distance 0).
        radii[start : start + _ROWS] = np.partition(d, k, axis=1)[:, k]
    return radii


def manifold_coverage(reference, radii, queries):
    """Fraction of `queries` within some reference vector's radius."""
    reference = np.asarray(reference, np.float64)
    queries = np.asarray(queries, np.float64)
    inside = np.zeros(len(queries), bool)
    for start in range(0, len(queries), _ROWS):
        d = _distances(queries[start : start + _ROWS], reference)
        inside[start : start + _ROWS] = (d <= radii[None, :]).any(axis=1)
    return float(inside.mean())


@register_metric("pr", needs_features=True, higher_is_better=True)
def compute_precision_recall(real, fake, k=3):
    """Precision and recall between two `FeatureSet`s holding features."""
    x, y = real.features, fake.features
    if min(len(x), len(y)) <= k:
        raise ValueError(
            f"Expected more than k={k} real and generated images for "
            f"precision/recall. Received: {len(x)} real, {len(y)} generated"
        )
    precision = manifold_coverage(x, knn_radii(x, k), y)
    recall = manifold_coverage(y, knn_radii(y, k), x)
    return MetricResult(
        "pr",
        {"precision": precision, "recall": recall},
        fake.extractor,
        fake.num_samples,
        real.num_samples,
    )
