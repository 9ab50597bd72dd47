"""Flagging mode collapse during training."""

import logging
import warnings

import keras

from keras_gans.metrics.collapse import class_coverage
from keras_gans.metrics.collapse import diversity_ratio
from keras_gans.metrics.feature_set import extract

logger = logging.getLogger(__name__)

MEASURES = {
    # name: (needs real images, default threshold)
    "class_coverage": (False, 0.8),
    "pairwise_distance": (True, 0.5),
}


class CollapseDetector(keras.callbacks.Callback):
    """Checks generated images for mode collapse every `every` epochs.

    Two named measures (see `keras_gans.metrics.collapse`):

    - `"class_coverage"` (labelled data such as digits): the fraction of
      classes that the `features` classifier finds among generated images,
      a class counting when it gets at least half its share among real
      images (uniform without `real`). Collapse when below `threshold`
      (default 0.8: fewer than 8 of 10 digits).
    - `"pairwise_distance"` (any data): mean pairwise feature distance of
      generated images divided by that of real ones. Collapse when below
      `threshold` (default 0.5).

    Each check logs `collapse_<measure>` (the value) and `collapsed` (1.0
    or 0.0), and warns when collapse is found. With `stop=True` training
    stops there.

    Args:
        real: real images; needed for "pairwise_distance".
        measure: "class_coverage" or "pairwise_distance".
        threshold: collapse is flagged below it.
        features: extractor; it must have logits for class coverage.
        every: check every this many epochs (and after the first).
        num_samples: generated images per check.
        seed: seed of the latents.
        stop: stop training when collapse is found.
    """

    def __init__(
        self,
        real=None,
        measure="class_coverage",
        threshold=None,
        features="digits",
        every=1,
        num_samples=500,
        seed=0,
        stop=False,
    ):
        super().__init__()
        if measure not in MEASURES:
            raise ValueError(
                f"Expected a measure among {sorted(MEASURES)}. "
                f"Received: measure={measure!r}"
            )
        needs_real, default = MEASURES[measure]
        if needs_real and real is None:
            raise ValueError(
                f"Expected real images for measure={measure!r}. "
                "Received: real=None"
            )
        self.real = real
        self.measure = measure
        self.threshold = default if threshold is None else float(threshold)
        self.features = features
        self.every = every
        self.num_samples = num_samples
        self.seed = seed
        self.stop = stop
        self.last_value = None
        self.collapsed = False
        self._real_set = None

    def check(self, generated):
        """The measure for generated images (array or GAN), and the flag."""
        keep_logits = self.measure == "class_coverage"
        if self._real_set is None and self.real is not None:
            self._real_set = extract(
                self.real, self.features, self.num_samples, seed=self.seed
            )
        fake = extract(
            generated,
            self.features,
            self.num_samples,
            seed=self.seed + 1,
            keep_logits=keep_logits,
        )
        if self.measure == "class_coverage":
            if fake.logits is None:
                raise ValueError(
                    "Expected an extractor with class logits for "
                    f"class_coverage. Received: features={self.features!r}"
                )
            real_logits = (
                None if self._real_set is None else self._real_set.logits
            )
            value = class_coverage(fake.logits, real_logits)
        else:
            value = diversity_ratio(fake.features, self._real_set.features)
        return value, value < self.threshold

    def on_epoch_end(self, epoch, logs=None):
        if epoch != 0 and (epoch + 1) % self.every != 0:
            return
        value, collapsed = self.check(self.model)
        self.last_value, self.collapsed = value, collapsed
        if logs is not None:
            logs[f"collapse_{self.measure}"] = value
            logs["collapsed"] = float(collapsed)
        if collapsed:
            message = (
                f"Epoch {epoch + 1}: mode collapse suspected: "
                f"{self.measure}={value:.3g} < threshold {self.threshold}"
            )
            warnings.warn(message, stacklevel=2)
            logger.warning(message)
            if self.stop:
                self.model.stop_training = True
