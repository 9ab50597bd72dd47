"""Several metrics at once, each image set passed through the extractor
only once."""

from keras_gans.metrics.feature_set import FeatureSet
from keras_gans.metrics.feature_set import extract
from keras_gans.metrics.feature_set import reference_features
from keras_gans.metrics.registry import get_metric


def evaluate(
    real,
    fake,
    metrics=("fid",),
    features="digits",
    num_samples=None,
    batch_size=64,
    seed=0,
    real_cache=None,
    options=None,
):
    """Computes metrics of generated images against real ones.

    Args:
        real: real images (array, folder, `.npz` features cache or
            `FeatureSet`); may be None if every metric works without
            (the Inception Score).
        fake: generated images or a GAN (see `keras_gans.metrics.fid`).
        metrics: names from `keras_gans.metrics.names()`.
        features: extractor name or instance.
        num_samples: images per set.
        batch_size: images per batch.
        seed: seed of subsets and latents.
        real_cache: `.npz` path caching the real features.
        options: per-metric keyword arguments, e.g.
            `{"kid": {"subset_size": 100}}`.

    Returns:
        A dict from metric name to `MetricResult`, in the order asked.
    """
    specs = metric_specs(metrics)
    options = options or {}
    keep_features, keep_logits = needs(specs)

    real_set = None
    if any(s.needs_real for s in specs) or real is not None:
        if real is None:
            raise ValueError(
                f"Expected real images for {[s.name for s in specs]}. "
                "Received: real=None"
            )
        if real_cache is not None and not isinstance(real, FeatureSet):
            real_set = reference_features(
                real, real_cache, features, num_samples, batch_size, seed
            )
        else:
            real_set = extract(
                real,
                features,
                num_samples,
                batch_size,
                seed,
                keep_features,
                keep_logits,
            )
        _check_has(real_set, keep_features, keep_logits, "real")
    fake_set = extract(
        fake,
        features,
        num_samples,
        batch_size,
        seed + 1,
        keep_features,
        keep_logits,
    )
    results = {}
    for spec in specs:
        results[spec.name] = spec.compute(
            real_set if spec.needs_real or spec.name == "coverage" else None,
            fake_set,
            **options.get(spec.name, {}),
        )
    return results


def metric_specs(metrics):
    """`Metric`s from names or a comma-separated string."""
    if isinstance(metrics, str):
        metrics = [m.strip() for m in metrics.split(",") if m.strip()]
    specs = [get_metric(name) for name in metrics]
    if not specs:
        raise ValueError(
            f"Expected at least one metric. Received: metrics={metrics!r}"
        )
    return specs


def needs(specs):
    """Whether (per-image features, logits) must be kept for `specs`."""
    return (
        any(s.needs_features for s in specs),
        any(s.needs_logits for s in specs),
    )


def _check_has(feature_set, features, logits, what):
    if features and feature_set.features is None:
        raise ValueError(
            f"Expected {what} features for KID/precision/recall. Received: "
            "a cached set with statistics only"
        )
    if logits and feature_set.logits is None:
        raise ValueError(
            f"Expected {what} logits. Received: a feature set without them"
        )
