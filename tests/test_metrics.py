"""FID, KID, Inception Score, precision/recall and collapse measures on
inputs with known answers; image sources and their errors."""

import os

import numpy as np
import pytest

from keras_gans import metrics
from keras_gans.metrics import collapse
from keras_gans.metrics.feature_set import FeatureSet
from keras_gans.metrics.inception_score import inception_score_from_logits
from keras_gans.metrics.kid import polynomial_mmd2
from keras_gans.metrics.precision_recall import compute_precision_recall
from keras_gans.metrics.sources import to_uint8
from keras_gans.metrics.statistics import RunningStatistics
from keras_gans.metrics.statistics import frechet_distance


def _random_cov(rng, d):
    a = rng.standard_normal((d, d))
    return a @ a.T / d + 0.1 * np.eye(d)


def _feature_set(features, logits=None):
    stats = RunningStatistics(features.shape[1])
    stats.update(features)
    return FeatureSet(
        "test", len(features), stats.mean, stats.cov, features, logits
    )


# FID -----------------------------------------------------------------------


def test_fid_matches_closed_form_for_commuting_gaussians():
    rng = np.random.default_rng(0)
    d = 6
    q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    var1, var2 = rng.uniform(0.5, 3, d), rng.uniform(0.5, 3, d)
    cov1, cov2 = q @ np.diag(var1) @ q.T, q @ np.diag(var2) @ q.T
    mu1, mu2 = rng.standard_normal(d), rng.standard_normal(d)
    expected = np.sum((mu1 - mu2) ** 2) + np.sum(
        (np.sqrt(var1) - np.sqrt(var2)) ** 2
    )
    assert frechet_distance(mu1, cov1, mu2, cov2) == pytest.approx(
        expected, rel=1e-9
    )


def test_fid_matches_symmetric_form_for_general_gaussians():
    rng = np.random.default_rng(1)
    d = 8
    cov1, cov2 = _random_cov(rng, d), _random_cov(rng, d)
    mu1, mu2 = rng.standard_normal(d), rng.standard_normal(d)
    # Tr sqrt(C1 C2) = sum of sqrt eigenvalues of C1^(1/2) C2 C1^(1/2).
    w, v = np.linalg.eigh(cov1)
    root1 = v @ np.diag(np.sqrt(w)) @ v.T
    trace_root = np.sum(np.sqrt(np.linalg.eigvalsh(root1 @ cov2 @ root1)))
    expected = (
        np.sum((mu1 - mu2) ** 2)
        + np.trace(cov1)
        + np.trace(cov2)
        - 2 * trace_root
    )
    assert frechet_distance(mu1, cov1, mu2, cov2) == pytest.approx(
        expected, rel=1e-8
    )


def test_fid_of_samples_approaches_the_closed_form():
    rng = np.random.default_rng(2)
    d, n = 3, 60000
    mu2 = np.array([1.0, 0.0, -0.5])
    std2 = np.array([2.0, 1.0, 0.5])
    stats1, stats2 = RunningStatistics(d), RunningStatistics(d)
    for _ in range(6):  # batches, as during an evaluation
        stats1.update(rng.standard_normal((n // 6, d)))
        stats2.update(mu2 + std2 * rng.standard_normal((n // 6, d)))
    expected = np.sum(mu2**2) + np.sum((1 - std2) ** 2)
    value = frechet_distance(stats1.mean, stats1.cov, stats2.mean, stats2.cov)
    assert value == pytest.approx(expected, abs=0.05)


def test_running_statistics_match_numpy_and_identical_sets_give_zero():
    rng = np.random.default_rng(3)
    x = 100 + rng.standard_normal((500, 5)) * [1, 2, 3, 4, 5]
    stats = RunningStatistics(5)
    for batch in np.array_split(x, 7):
        stats.update(batch)
    np.testing.assert_allclose(stats.mean, x.mean(0), rtol=1e-12)
    np.testing.assert_allclose(stats.cov, np.cov(x, rowvar=False), rtol=1e-9)
    assert (
        abs(frechet_distance(stats.mean, stats.cov, stats.mean, stats.cov))
        < 1e-8
    )


def test_fid_survives_singular_covariances():
    # 3 samples in 8-d: rank-deficient covariances, as with too few images.
    rng = np.random.default_rng(4)
    a, b = rng.standard_normal((3, 8)), rng.standard_normal((3, 8))
    sa, sb = _feature_set(a), _feature_set(b)
    value = frechet_distance(sa.mean, sa.cov, sb.mean, sb.cov)
    assert np.isfinite(value) and value > 0


# KID -----------------------------------------------------------------------


def _kernel(a, b):
    return (a @ b / len(a) + 1) ** 3


def test_kid_matches_a_direct_computation():
    rng = np.random.default_rng(5)
    x, y = rng.standard_normal((7, 4)), rng.standard_normal((9, 4)) + 0.5
    xx = np.mean(
        [_kernel(x[i], x[j]) for i in range(7) for j in range(7) if i != j]
    )
    yy = np.mean(
        [_kernel(y[i], y[j]) for i in range(9) for j in range(9) if i != j]
    )
    xy = np.mean([_kernel(x[i], y[j]) for i in range(7) for j in range(9)])
    assert polynomial_mmd2(x, y) == pytest.approx(xx + yy - 2 * xy, rel=1e-10)


def test_kid_of_two_point_masses_and_of_identical_distributions():
    a, b = np.array([1.0, 0.0, 2.0]), np.array([0.0, 1.0, -1.0])
    x, y = np.tile(a, (20, 1)), np.tile(b, (20, 1))
    expected = _kernel(a, a) + _kernel(b, b) - 2 * _kernel(a, b)
    result = metrics.get_metric("kid").compute(_feature_set(x), _feature_set(y))
    assert result.value == pytest.approx(expected)
    assert "kid_std" not in result.values  # whole sets: a single draw
    rng = np.random.default_rng(6)
    same = metrics.get_metric("kid").compute(
        _feature_set(rng.standard_normal((400, 8))),
        _feature_set(rng.standard_normal((400, 8))),
        subset_size=200,
        num_subsets=20,
    )
    assert abs(same.value) < 0.02
    assert same.values["kid_std"] > 0


# Inception Score -------------------------------------------------------------


def test_inception_score_known_values():
    uniform = np.zeros((100, 10))
    assert inception_score_from_logits(uniform, 5) == pytest.approx((1, 0))
    # Confident predictions spread evenly over 10 classes: IS = 10.
    confident = 50.0 * np.eye(10)[np.arange(100) % 10]
    mean, std = inception_score_from_logits(confident, 5)
    assert mean == pytest.approx(10.0, rel=1e-6) and std < 1e-6
    # Confident but all one class: IS = 1.
    one_class = 50.0 * np.eye(10)[np.zeros(100, int)]
    assert inception_score_from_logits(one_class, 5)[0] == pytest.approx(1)
    with pytest.raises(ValueError, match="splits"):
        inception_score_from_logits(confident[:3], 10)


# Precision and recall --------------------------------------------------------


def test_precision_recall_known_values():
    rng = np.random.default_rng(7)
    real = rng.standard_normal((200, 4))
    same = compute_precision_recall(_feature_set(real), _feature_set(real))
    assert same.values == {"precision": 1.0, "recall": 1.0}
    far = compute_precision_recall(
        _feature_set(real), _feature_set(real + 100.0)
    )
    assert far.values == {"precision": 0.0, "recall": 0.0}
    # 1-d, k=1: reals at 0, 1, 2, 3 (radius 1 each); fakes at 0 and 0.6
    # (radius 0.6) and at 10 and 10.5 (radius 0.5).
    x = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = np.array([[0.0], [0.6], [10.0], [10.5]])
    result = compute_precision_recall(_feature_set(x), _feature_set(y), k=1)
    # Fakes 0 and 0.6 lie inside the real balls; reals 0 and 1 inside the
    # fake balls.
    assert result.values["precision"] == pytest.approx(2 / 4)
    assert result.values["recall"] == pytest.approx(2 / 4)
    with pytest.raises(ValueError, match="more than k=3"):
        compute_precision_recall(_feature_set(x[:3]), _feature_set(y))


# Collapse measures -----------------------------------------------------------


def test_collapse_measures():
    logits = np.eye(10)[np.arange(100) % 10]
    assert collapse.class_coverage(logits) == 1.0
    assert collapse.class_coverage(np.eye(10)[np.zeros(100, int)]) == 0.1
    rng = np.random.default_rng(8)
    real = rng.standard_normal((300, 5))
    assert collapse.diversity_ratio(real[:150], real[150:]) == pytest.approx(
        1.0, abs=0.1
    )
    assert collapse.diversity_ratio(np.ones((50, 5)), real) == 0.0


# Sources and errors ----------------------------------------------------------


def test_quantization_and_range_errors():
    x = np.array([-1.0, 0.0, 1.0], np.float32).reshape(1, 1, 3, 1)
    np.testing.assert_array_equal(to_uint8(x).ravel(), [0, 128, 255])
    with pytest.raises(ValueError, match=r"Expected float images in \[-1, 1\]"):
        to_uint8(np.full((2, 4, 4, 1), 255.0))
    with pytest.raises(ValueError, match=r"integer images in \[0, 255\]"):
        to_uint8(np.full((2, 4, 4, 1), 300, np.int32))
    with pytest.raises(ValueError, match="1 or 3 channels"):
        to_uint8(np.zeros((2, 4, 4, 2), np.uint8))
    with pytest.raises(ValueError, match="finite"):
        to_uint8(np.full((2, 4, 4, 1), np.nan, np.float32))


@pytest.fixture(scope="module")
def digits16():
    from keras_gans.metrics.features.digits import load_digits_images

    images, labels = load_digits_images(16)
    return images, labels


def test_fid_of_a_set_with_itself_is_zero_and_folders_match_arrays(
    digits16, tmp_path
):
    from PIL import Image

    images = digits16[0][:300]
    assert abs(metrics.fid(images, images).value) < 1e-6
    for i, image in enumerate(images[:150]):
        Image.fromarray(image[..., 0]).save(tmp_path / f"{i:04d}.png")
    from_folder = metrics.fid(str(tmp_path), images[150:])
    from_array = metrics.fid(images[:150], images[150:])
    assert from_folder.value == pytest.approx(from_array.value, rel=1e-6)
    assert from_folder.num_real == 150 and from_folder.extractor == "digits"
    assert "digits features; 150 real, 150 generated" in str(from_folder)


def test_too_few_samples_warn_and_fewer_than_two_fail(digits16):
    images = digits16[0]
    with pytest.warns(UserWarning, match="covariance matrix is singular"):
        metrics.fid(images[:20], images[20:40])
    with pytest.raises(ValueError, match="at least 2 images"):
        metrics.extract(images[:1])


def test_reference_features_are_cached(digits16, tmp_path):
    images = digits16[0][:200]
    path = str(tmp_path / "real.npz")
    first = metrics.reference_features(images, path)
    assert os.path.isfile(path)
    # A second call reads the file, even with other images given.
    second = metrics.reference_features(images[:50], path)
    assert second.num_samples == 200
    np.testing.assert_array_equal(first.cov, second.cov)
    assert metrics.fid(path, images).value == pytest.approx(0.0, abs=1e-6)
    with pytest.raises(ValueError, match="ending in .npz"):
        metrics.reference_features(images, str(tmp_path / "real.txt"))


def test_evaluate_reports_every_metric_with_extractor_and_counts(digits16):
    images, _ = digits16
    rng = np.random.default_rng(0)
    order = rng.permutation(len(images))
    real, fake = images[order[:400]], images[order[400:800]]
    results = metrics.evaluate(
        real,
        fake,
        "fid,kid,is,pr,coverage,diversity",
        options={"kid": {"num_subsets": 10}},
    )
    assert list(results) == ["fid", "kid", "is", "pr", "coverage", "diversity"]
    for result in results.values():
        assert result.extractor == "digits" and result.num_fake == 400
    assert results["fid"].value < 5
    assert abs(results["kid"].value) < 0.01
    assert results["is"].value > 8  # ten classes, recognised confidently
    assert results["pr"].values["precision"] > 0.8
    assert results["coverage"].value == 1.0
    with pytest.raises(ValueError, match="Expected a metric among"):
        metrics.evaluate(real, fake, ["fjd"])
