"""Feature statistics accumulated on the host in float64, and the Fréchet
distance between two Gaussians."""

import warnings

import numpy as np
import scipy.linalg


class RunningStatistics:
    """Mean and covariance of feature vectors, updated one batch at a time.

    Sums are kept in float64 relative to a shift (the first batch's mean), so
    that a large evaluation neither holds every feature vector nor loses
    precision to large means.

    Args:
        feature_dim: length of the feature vectors.
    """

    def __init__(self, feature_dim):
        self.feature_dim = int(feature_dim)
        self.num_samples = 0
        self._shift = None
        self._sum = np.zeros(self.feature_dim, np.float64)
        self._outer = np.zeros((self.feature_dim,) * 2, np.float64)

    def update(self, features):
        features = np.asarray(features, np.float64)
        if features.ndim != 2 or features.shape[1] != self.feature_dim:
            raise ValueError(
                f"Expected features of shape (batch, {self.feature_dim}). "
                f"Received: features.shape={features.shape}"
            )
        if self._shift is None:
            self._shift = features.mean(axis=0)
        centred = features - self._shift
        self._sum += centred.sum(axis=0)
        self._outer += centred.T @ centred
        self.num_samples += len(features)

    @property
    def mean(self):
        self._check_count(1)
        return self._shift + self._sum / self.num_samples

    @property
    def cov(self):
        """Unbiased covariance (divides by `num_samples - 1`)."""
        self._check_count(2)
        n = self.num_samples
        centred_mean = self._sum / n
        return (self._outer - n * np.outer(centred_mean, centred_mean)) / (
            n - 1
        )

    def _check_count(self, minimum):
        if self.num_samples < minimum:
            raise ValueError(
                f"Expected at least {minimum} feature vectors. "
                f"Received: num_samples={self.num_samples}"
            )


def warn_if_few_samples(num_samples, feature_dim, what="images"):
    """Warns when a covariance estimate is rank-deficient by construction."""
    if num_samples is not None and num_samples <= feature_dim:
        warnings.warn(
            f"{num_samples} {what} for {feature_dim}-d features: the "
            "covariance matrix is singular and FID is biased upwards and "
            "unstable. Use more samples than feature dimensions (published "
            "Inception FIDs use 50,000)"
            + (
                ", or a smaller extractor such as `digits`."
                if feature_dim > 256
                else "."
            ),
            stacklevel=3,
        )


def _sqrtm_product(cov1, cov2):
    """`sqrt(cov1 @ cov2)`; the complex part is round-off only if small."""
    product = cov1 @ cov2
    root = scipy.linalg.sqrtm(product)
    if not np.all(np.isfinite(root)):
        return None
    if np.iscomplexobj(root):
        # The product of two PSD matrices has real non-negative eigenvalues;
        # an imaginary part is round-off unless it is large.
        scale = max(1.0, float(np.abs(np.trace(root.real))))
        imag = float(np.max(np.abs(np.diagonal(root.imag))))
        if imag > 1e-3 * scale:
            raise ValueError(
                "The matrix square root in FID has a large imaginary "
                f"component ({imag:.3g} against a trace of {scale:.3g}). "
                "Expected well-conditioned covariances: use more samples "
                "than feature dimensions."
            )
        root = root.real
    return root


def frechet_distance(mean1, cov1, mean2, cov2, eps=1e-6):
    """Fréchet distance between N(mean1, cov1) and N(mean2, cov2).

    `|mean1 - mean2|^2 + Tr(cov1 + cov2 - 2 (cov1 cov2)^(1/2))`. When the
    product of the covariances is too close to singular for the square root
    (few samples, dead features), `eps` is added to both diagonals and the
    root is taken again.

    Args:
        mean1, mean2: mean vectors of shape `(d,)`.
        cov1, cov2: covariance matrices of shape `(d, d)`.
        eps: diagonal offset used only when the plain root fails.

    Returns:
        A Python float.
    """
    mean1, mean2 = np.asarray(mean1, np.float64), np.asarray(mean2, np.float64)
    cov1, cov2 = np.asarray(cov1, np.float64), np.asarray(cov2, np.float64)
    if mean1.shape != mean2.shape or cov1.shape != cov2.shape:
        raise ValueError(
            "Expected statistics of the same feature size. Received: "
            f"mean shapes {mean1.shape} and {mean2.shape}, covariance "
            f"shapes {cov1.shape} and {cov2.shape}"
        )
    root = _sqrtm_product(cov1, cov2)
    if root is None:
        warnings.warn(
            "FID: the product of covariances is singular; adding "
            f"{eps} to their diagonals.",
            stacklevel=2,
        )
        offset = np.eye(len(cov1)) * eps
        root = _sqrtm_product(cov1 + offset, cov2 + offset)
        if root is None:
            raise ValueError(
                "Could not take the matrix square root in FID even with a "
                f"diagonal offset of {eps}. Expected finite covariances."
            )
    diff = mean1 - mean2
    value = diff @ diff + np.trace(cov1) + np.trace(cov2) - 2 * np.trace(root)
    return float(value)
