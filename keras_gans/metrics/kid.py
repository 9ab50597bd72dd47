"""Kernel Inception Distance (Bińkowski et al., 2018).

The squared maximum mean discrepancy between real and generated features
under the cubic polynomial kernel `k(x, y) = (x.y / d + 1)^3`, estimated
without bias on random subsets (`subset_size` from each set, drawn
`num_subsets` times without replacement within a subset); reported as the
mean and standard deviation over subsets. Unlike FID it is unbiased, so it
can be compared across sample counts, and it can be slightly negative.

Reference:
    Bińkowski, Sutherland, Arbel & Gretton, "Demystifying MMD GANs",
    ICLR 2018.
"""

import numpy as np

from keras_gans.metrics.registry import MetricResult
from keras_gans.metrics.registry import register_metric


def polynomial_mmd2(x, y):
    """Unbiased MMD^2 of two feature arrays under the cubic kernel."""
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    d = x.shape[1]
    kxx, kyy, kxy = (
        _cube(a @ b.T / d + 1) for a, b in ((x, x), (y, y), (x, y))
    )
    m, n = len(x), len(y)
    xx = (kxx.sum() - np.trace(kxx)) / (m * (m - 1))
    yy = (kyy.sum() - np.trace(kyy)) / (n * (n - 1))
    return xx + yy - 2 * kxy.mean()


def _cube(k):
    return k * k * k  # several times faster than k ** 3


@register_metric("kid", needs_features=True)
def compute_kid(real, fake, subset_size=1000, num_subsets=100, seed=0):
    """KID between two `FeatureSet`s holding features."""
    x, y = real.features, fake.features
    size = min(subset_size, len(x), len(y))
    if size < 2:
        raise ValueError(
            "Expected at least 2 real and 2 generated images for KID. "
            f"Received: {len(x)} real, {len(y)} generated"
        )
    rng = np.random.default_rng(seed)
    # With whole sets as the subset, every draw is the same.
    draws = 1 if size == len(x) == len(y) else num_subsets
    values = [
        polynomial_mmd2(
            x[rng.choice(len(x), size, replace=False)],
            y[rng.choice(len(y), size, replace=False)],
        )
        for _ in range(draws)
    ]
    # One draw (whole sets) has no spread to report.
    spread = {"kid_std": np.std(values)} if draws > 1 else {}
    return MetricResult(
        "kid",
        {"kid": np.mean(values), **spread},
        fake.extractor,
        fake.num_samples,
        real.num_samples,
    )
