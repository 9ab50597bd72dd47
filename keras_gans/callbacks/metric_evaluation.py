"""Evaluating a GAN during training, and keeping its best checkpoint."""

import logging
import math
import os

import keras

from keras_gans.metrics.evaluate import evaluate
from keras_gans.metrics.evaluate import metric_specs
from keras_gans.metrics.evaluate import needs
from keras_gans.metrics.feature_set import extract
from keras_gans.metrics.feature_set import reference_features

logger = logging.getLogger(__name__)


class MetricEvaluation(keras.callbacks.Callback):
    """Computes metrics after the first epoch and every `every` epochs.

    The values join the epoch's logs (`fid`, `kid`, `kid_std`, `is`,
    `precision`, `recall`, ...), so the progress bar, `CSVLogger` and
    `TensorBoard` record them beside the losses; put this callback before
    those in the list. Epochs without an evaluation have no such keys
    (`CSVLogger` writes "NA"). Real features are extracted once, at the
    start of training; generated images come from the model's `generate`
    (its EMA generator when it keeps one) with the same latents every time,
    so that successive values differ by the model only.

    With `best_path`, the whole model is saved there whenever the
    monitored value improves on every earlier evaluation: the file holds
    the best model seen, not the last.

    Args:
        real: real images (array, folder, `.npz` cache or `FeatureSet`).
        metrics: metric names, e.g. `["fid", "kid"]`.
        features: extractor name ("digits", "inception", ...).
        every: evaluate every this many epochs (and after the first).
        num_samples: generated (and at most real) images per evaluation.
        batch_size: images per batch.
        seed: seed of the latents and of the real subset.
        monitor: log key deciding the best checkpoint; defaults to the
            first metric's main value (`"fid"` for `["fid", "kid"]`).
        best_path: `.keras` path of the best checkpoint, or None.
        real_cache: `.npz` path caching the real features.
        options: per-metric keyword arguments.
    """

    def __init__(
        self,
        real,
        metrics=("fid",),
        features="digits",
        every=1,
        num_samples=1000,
        batch_size=64,
        seed=0,
        monitor=None,
        best_path=None,
        real_cache=None,
        options=None,
    ):
        super().__init__()
        if isinstance(every, bool) or not isinstance(every, int) or every < 1:
            raise ValueError(
                "Expected `every` to be a positive int. "
                f"Received: every={every!r}"
            )
        if best_path is not None and not os.fspath(best_path).endswith(
            ".keras"
        ):
            raise ValueError(
                "Expected `best_path` to end in .keras. "
                f"Received: best_path={best_path!r}"
            )
        self.specs = metric_specs(metrics)
        self.metrics_names = [s.name for s in self.specs]
        self.real = real
        self.features = features
        self.every = every
        self.num_samples = num_samples
        self.batch_size = batch_size
        self.seed = seed
        self.best_path = best_path
        self.real_cache = real_cache
        self.options = options or {}
        first = self.specs[0]
        self.monitor = monitor or (
            "precision" if first.name == "pr" else first.name
        )
        self.higher_is_better = self.monitor in (
            "is",
            "precision",
            "recall",
            "coverage",
            "diversity",
        )
        self.best = None
        self.best_epoch = None
        self.history = []  # (epoch, {key: value})
        self._real_set = None

    def on_train_begin(self, logs=None):
        if self._real_set is not None:
            return
        keep_features, keep_logits = needs(self.specs)
        if self.real_cache is not None:
            self._real_set = reference_features(
                self.real,
                self.real_cache,
                self.features,
                self.num_samples,
                self.batch_size,
                self.seed,
            )
        else:
            self._real_set = extract(
                self.real,
                self.features,
                self.num_samples,
                self.batch_size,
                self.seed,
                keep_features,
                keep_logits,
            )

    def on_epoch_end(self, epoch, logs=None):
        if epoch != 0 and (epoch + 1) % self.every != 0:
            return
        if self._real_set is None:
            self.on_train_begin()
        results = evaluate(
            self._real_set,
            self.model,
            self.metrics_names,
            self.features,
            self.num_samples,
            self.batch_size,
            self.seed,
            options=self.options,
        )
        values = {}
        for result in results.values():
            values.update(result.values)
            logger.info("Epoch %d: %s", epoch + 1, result)
        if logs is not None:
            logs.update(values)
        self.history.append((epoch + 1, values))
        self._maybe_save_best(epoch, values)

    def _maybe_save_best(self, epoch, values):
        if self.monitor not in values:
            raise ValueError(
                f"Expected `monitor` among the logged values {sorted(values)}."
                f" Received: monitor={self.monitor!r}"
            )
        value = values[self.monitor]
        if math.isnan(value):
            return
        better = self.best is None or (
            value > self.best if self.higher_is_better else value < self.best
        )
        if not better:
            return
        self.best, self.best_epoch = value, epoch + 1
        if self.best_path is not None:
            directory = os.path.dirname(os.path.abspath(self.best_path))
            os.makedirs(directory, exist_ok=True)
            # Saved under a temporary name first, so an interrupted save
            # leaves the previous best intact.
            partial = self.best_path[: -len(".keras")] + ".partial.keras"
            self.model.save(partial)
            os.replace(partial, self.best_path)
            logger.info(
                "Epoch %d: %s improved to %.4g; saved %s",
                epoch + 1,
                self.monitor,
                value,
                self.best_path,
            )
