"""Evaluation metrics for generative models.

One module per metric behind a small registry (`names()`, `get_metric`):
`fid`, `kid`, `is` (Inception Score), `pr` (precision and recall), and the
collapse measures `coverage` and `diversity`. Features come from an
extractor chosen by name (`keras_gans.metrics.features`): `digits`
(shipped, offline), `inception` (the FID network) or `keras_inception`.
`keras_gans.metrics.digits` holds a separate scikit-learn check that
samples are recognisable digits.

Example:

```python
from keras_gans import metrics

print(metrics.fid(real_images, gan, num_samples=1000))
results = metrics.evaluate(real_images, gan, ["fid", "kid", "is", "pr"],
                           features="digits", num_samples=1000)
```
"""

from keras_gans.metrics import digits
from keras_gans.metrics.colorization import colorization_scores
from keras_gans.metrics.domain_transfer import (
    DomainClassifier,
    color_frechet_distance,
    domain_transfer_scores,
)
from keras_gans.metrics.evaluate import evaluate
from keras_gans.metrics.feature_set import (
    FeatureSet,
    extract,
    reference_features,
)
from keras_gans.metrics.fid import fid
from keras_gans.metrics.image_quality import psnr, rgb_to_luma, ssim
from keras_gans.metrics.registry import (
    MetricResult,
    get_metric,
    names,
    register_metric,
)
from keras_gans.metrics.statistics import RunningStatistics, frechet_distance
from keras_gans.metrics.translation import translation_scores

__all__ = [
    "digits",
    "FeatureSet",
    "MetricResult",
    "RunningStatistics",
    "evaluate",
    "extract",
    "fid",
    "frechet_distance",
    "get_metric",
    "inception_score",
    "kid",
    "names",
    "precision_recall",
    "reference_features",
    "register_metric",
]


def kid(
    real,
    fake,
    features="digits",
    num_samples=None,
    batch_size=64,
    seed=0,
    subset_size=1000,
    num_subsets=100,
):
    """KID between two image sets (see `keras_gans.metrics.fid.fid`)."""
    return evaluate(
        real,
        fake,
        ["kid"],
        features,
        num_samples,
        batch_size,
        seed,
        options={
            "kid": {"subset_size": subset_size, "num_subsets": num_subsets}
        },
    )["kid"]


def inception_score(
    images,
    features="inception",
    num_samples=None,
    batch_size=64,
    seed=0,
    splits=10,
):
    """Inception Score of images or of a GAN's samples."""
    return evaluate(
        None,
        images,
        ["is"],
        features,
        num_samples,
        batch_size,
        seed,
        options={"is": {"splits": splits}},
    )["is"]


def precision_recall(
    real, fake, features="digits", num_samples=None, batch_size=64, seed=0, k=3
):
    """Improved precision and recall between two image sets."""
    return evaluate(
        real,
        fake,
        ["pr"],
        features,
        num_samples,
        batch_size,
        seed,
        options={"pr": {"k": k}},
    )["pr"]
