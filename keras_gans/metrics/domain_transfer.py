"""How far unpaired translations moved toward their target domain.

Unpaired translation has no ground truth to compare with, so these
measures compare sets: the colours of translated images against those of
real images of the target domain, and the verdict of a small classifier
trained to tell the two domains apart. Beside them, the cycle error says
how much of the input the translation kept.
"""

import numpy as np
from scipy import linalg

from keras_gans.metrics.translation import translation_scores


def _lab(images):
    """CIE Lab of images in [-1, 1] (or uint8), computed with skimage."""
    from skimage import color

    images = np.asarray(images)
    if images.dtype == np.uint8:
        rgb = images.astype("float64") / 255.0
    else:
        rgb = (np.asarray(images, "float64") + 1.0) / 2.0
    if rgb.shape[-1] != 3:
        raise ValueError(
            "Expected RGB images (..., 3). "
            f"Received: images.shape={images.shape}"
        )
    return color.rgb2lab(np.clip(rgb, 0.0, 1.0))


def color_frechet_distance(images_x, images_y):
    """Frechet distance between the pixel colour distributions of two sets.

    Each set's pixels, in CIE Lab, are summarised by their mean and 3x3
    covariance; the distance is that between the two Gaussians,
    `|mu_x - mu_y|^2 + tr(S_x + S_y - 2 (S_x S_y)^(1/2))`, in squared Lab
    units (0 for identical statistics). It sees palette and contrast, not
    texture or layout.

    Args:
        images_x: images in [-1, 1] or uint8, `(n, h, w, 3)`.
        images_y: likewise; sizes and counts may differ.

    Returns:
        A float.
    """
    stats = []
    for images in (images_x, images_y):
        pixels = _lab(images).reshape(-1, 3)
        stats.append((pixels.mean(axis=0), np.cov(pixels, rowvar=False)))
    (mu_x, cov_x), (mu_y, cov_y) = stats
    root = linalg.sqrtm(cov_x @ cov_y)
    # Rounding can leave a negligible imaginary part.
    root = np.real(root)
    trace = np.trace(cov_x + cov_y - 2.0 * root)
    return float(np.sum((mu_x - mu_y) ** 2) + max(trace, 0.0))


def image_features(images):
    """Per-image colour and texture features for `DomainClassifier`.

    Lab means and standard deviations (6), 8-bin histograms of L, a and b
    (24) and the mean gradient magnitude of L (1).
    """
    lab = _lab(images)
    features = []
    for image in lab:
        pixels = image.reshape(-1, 3)
        hists = [
            np.histogram(pixels[:, c], bins=8, range=rng)[0] / len(pixels)
            for c, rng in enumerate(((0, 100), (-110, 110), (-110, 110)))
        ]
        dy, dx = np.gradient(image[..., 0])
        features.append(
            np.concatenate(
                [
                    pixels.mean(axis=0),
                    pixels.std(axis=0),
                    *hists,
                    [np.hypot(dx, dy).mean()],
                ]
            )
        )
    return np.asarray(features)


class DomainClassifier:
    """A logistic regression telling domain A from domain B.

    Trained on `image_features` of real images of both domains; its
    probability of B on translated A images measures how far they moved
    toward B (on colour and coarse texture statistics).

    Args:
        images_a: real images of domain A, `(n, h, w, 3)`, [-1, 1] or uint8.
        images_b: real images of domain B.
    """

    def __init__(self, images_a, images_b):
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        features = np.concatenate(
            [image_features(images_a), image_features(images_b)]
        )
        labels = np.r_[np.zeros(len(images_a)), np.ones(len(images_b))]
        self.classifier = make_pipeline(
            StandardScaler(),
            LogisticRegression(max_iter=2000, class_weight="balanced"),
        )
        self.classifier.fit(features, labels)

    def probability_b(self, images):
        """P(domain B) for each image."""
        return self.classifier.predict_proba(image_features(images))[:, 1]


def domain_transfer_scores(model, train_a, train_b, test_a, test_b):
    """Held-out figures of a CycleGAN against the "no translation" answer.

    Args:
        model: a model with `translate(images, direction)`.
        train_a, train_b: real images that train the domain classifier
            (crops of the model's size).
        test_a, test_b: held-out real images of each domain.

    Returns:
        A dict with, for A -> B: the colour Frechet distance to the
        held-out B images of the untranslated and the translated A images,
        the classifier's mean P(B) on both, and its accuracy on the
        held-out real images; the cycle errors (L1 in [-1, 1] units and
        PSNR) of A -> B -> A and B -> A -> B.
    """
    fake_b = model.translate(test_a, direction="a_to_b")
    cycled_a = model.translate(fake_b, direction="b_to_a")
    fake_a = model.translate(test_b, direction="b_to_a")
    cycled_b = model.translate(fake_a, direction="a_to_b")
    classifier = DomainClassifier(train_a, train_b)
    p_real_a = classifier.probability_b(test_a)
    p_real_b = classifier.probability_b(test_b)
    accuracy = np.r_[p_real_a < 0.5, p_real_b >= 0.5].mean()
    unit = [
        np.asarray(x, "float32") / 127.5 - 1.0
        if np.asarray(x).dtype == np.uint8
        else np.asarray(x, "float32")
        for x in (test_a, test_b)
    ]
    return {
        "held_out_a": len(test_a),
        "held_out_b": len(test_b),
        "color_fd_to_b": {
            "untranslated_a": color_frechet_distance(test_a, test_b),
            "translated_a": color_frechet_distance(fake_b, test_b),
        },
        "classifier_p_b": {
            "untranslated_a": float(p_real_a.mean()),
            "translated_a": float(classifier.probability_b(fake_b).mean()),
            "real_b": float(p_real_b.mean()),
        },
        "classifier_held_out_accuracy": float(accuracy),
        "cycle_a": translation_scores(cycled_a, unit[0]),
        "cycle_b": translation_scores(cycled_b, unit[1]),
        "translation_change_a": translation_scores(fake_b, unit[0]),
    }
