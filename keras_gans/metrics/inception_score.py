"""Inception Score (Salimans et al., 2016).

`exp(E_x KL(p(y|x) || p(y)))` over a classifier's predictions on generated
images: high when each image is classified confidently and the classes are
spread out. Computed on `splits` equal parts of the images; reported as the
mean and standard deviation over parts. It ranges from 1 to the number of
classes (1008 for the FID Inception network as in the original code, 10
for the `digits` classifier) and needs no real images.

Reference:
    Salimans et al., "Improved Techniques for Training GANs",
    NeurIPS 2016.
"""

import numpy as np

from keras_gans.metrics.registry import MetricResult
from keras_gans.metrics.registry import register_metric


def _log_softmax(logits):
    logits = np.asarray(logits, np.float64)
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def inception_score_from_logits(logits, splits=10):
    """(mean, std) of the Inception Score of class logits."""
    logits = np.asarray(logits)
    if logits.ndim != 2 or len(logits) < splits or splits < 1:
        raise ValueError(
            "Expected logits of shape (num_images, classes) with at least "
            f"`splits` images. Received: logits.shape={logits.shape}, "
            f"splits={splits}"
        )
    log_p = _log_softmax(logits)
    scores = []
    for part in np.array_split(log_p, splits):
        log_py = np.log(np.exp(part).mean(axis=0))
        kl = (np.exp(part) * (part - log_py)).sum(axis=1).mean()
        scores.append(np.exp(kl))
    return float(np.mean(scores)), float(np.std(scores))


@register_metric(
    "is", needs_real=False, needs_logits=True, higher_is_better=True
)
def compute_inception_score(real, fake, splits=10):
    """Inception Score of a `FeatureSet` holding logits."""
    if fake.logits is None:
        raise ValueError(
            "Expected an extractor with class logits for the Inception "
            f"Score. Received: {fake.extractor!r} without logits"
        )
    splits = min(splits, fake.num_samples)
    mean, std = inception_score_from_logits(fake.logits, splits)
    return MetricResult(
        "is", {"is": mean, "is_std": std}, fake.extractor, fake.num_samples
    )
