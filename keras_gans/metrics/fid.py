"""Fréchet Inception Distance (Heusel et al., 2017).

The distance between two Gaussians fitted to the features of real and
generated images: `|mu_r - mu_g|^2 + Tr(C_r + C_g - 2 (C_r C_g)^(1/2))`.
Lower is better; a set against itself gives 0. FID is biased upwards for
small samples, so it is comparable only at equal sample counts, with the
same extractor and preprocessing.

Reference:
    Heusel et al., "GANs Trained by a Two Time-Scale Update Rule Converge
    to a Local Nash Equilibrium", NeurIPS 2017.
"""

from keras_gans.metrics.registry import MetricResult
from keras_gans.metrics.registry import register_metric
from keras_gans.metrics.statistics import frechet_distance


@register_metric("fid")
def compute_fid(real, fake):
    """FID between two `FeatureSet`s."""
    _check_same_extractor(real, fake)
    value = frechet_distance(real.mean, real.cov, fake.mean, fake.cov)
    return MetricResult(
        "fid",
        {"fid": value},
        fake.extractor,
        fake.num_samples,
        real.num_samples,
    )


def _check_same_extractor(real, fake):
    if real.extractor != fake.extractor:
        raise ValueError(
            "Expected real and generated features from the same extractor. "
            f"Received: {real.extractor!r} and {fake.extractor!r}"
        )


def fid(
    real,
    fake,
    features="digits",
    num_samples=None,
    batch_size=64,
    seed=0,
    real_cache=None,
):
    """FID between two image sets.

    Args:
        real: real images: an array (uint8 in [0, 255] or float in
            [-1, 1]), a folder, a `.npz` of cached features, or a
            `FeatureSet`.
        fake: generated images, likewise, or a GAN (then `num_samples` is
            required and its EMA generator is used when it has one).
        features: extractor name: "digits", "inception" or
            "keras_inception".
        num_samples: images per set (a seeded subset of larger sets).
        batch_size: images per batch.
        seed: seed of the subsets and of the GAN's latents.
        real_cache: a `.npz` path where the real features are cached.

    Returns:
        A `MetricResult`; `float(result)` is the FID.
    """
    from keras_gans.metrics.evaluate import evaluate

    return evaluate(
        real, fake, ["fid"], features, num_samples, batch_size, seed, real_cache
    )["fid"]
