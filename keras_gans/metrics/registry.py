"""A small registry of evaluation metrics and the result they return."""

import importlib
import math

_METRICS = {}


class Metric:
    """A registered metric: a function of the real and fake feature sets.

    Attributes:
        name: registry name ("fid", "kid", ...).
        compute: `compute(real, fake, **options) -> MetricResult`, given
            `FeatureSet`s (`real` is None when `needs_real` is False).
        needs_real: whether real images are compared against.
        needs_features: whether per-image features are needed (statistics
            suffice for FID).
        needs_logits: whether the extractor's class logits are needed.
        higher_is_better: direction of improvement, for best checkpoints.
    """

    def __init__(
        self,
        name,
        compute,
        needs_real=True,
        needs_features=False,
        needs_logits=False,
        higher_is_better=False,
    ):
        self.name = name
        self.compute = compute
        self.needs_real = needs_real
        self.needs_features = needs_features
        self.needs_logits = needs_logits
        self.higher_is_better = higher_is_better


def register_metric(name, **properties):
    """Decorator registering `compute` under `name` (see `Metric`)."""

    def decorate(compute):
        _METRICS[name] = Metric(name, compute, **properties)
        return compute

    return decorate


def get_metric(name):
    _load_builtins()
    if name not in _METRICS:
        raise ValueError(
            f"Expected a metric among {sorted(_METRICS)}. "
            f"Received: metric={name!r}"
        )
    return _METRICS[name]


def names():
    _load_builtins()
    return sorted(_METRICS)


def _load_builtins():
    # Importing the modules registers their metrics. By module path: the
    # package exports functions under some of the same names.
    for module in (
        "collapse",
        "fid",
        "inception_score",
        "kid",
        "precision_recall",
    ):
        importlib.import_module(f"keras_gans.metrics.{module}")


class MetricResult:
    """The value(s) of a metric with what they were computed from.

    Attributes:
        name: the metric's name.
        values: named floats, e.g. `{"kid": 0.01, "kid_std": 0.002}`; the
            entry named like the metric is its main value.
        extractor: the feature extractor used.
        num_real, num_fake: sample counts (`num_real` None without reals).
    """

    def __init__(self, name, values, extractor, num_fake, num_real=None):
        self.name = name
        self.values = {k: float(v) for k, v in values.items()}
        self.extractor = extractor
        self.num_fake = int(num_fake)
        self.num_real = None if num_real is None else int(num_real)

    @property
    def value(self):
        return self.values.get(self.name, next(iter(self.values.values())))

    def __float__(self):
        return self.value

    def __str__(self):
        values = ", ".join(f"{k}={_fmt(v)}" for k, v in self.values.items())
        samples = f"{self.num_fake} generated"
        if self.num_real is not None:
            samples = f"{self.num_real} real, " + samples
        return f"{values} ({self.extractor} features; {samples})"

    def __repr__(self):
        return f"<MetricResult {self}>"


def _fmt(value):
    if math.isnan(value):
        return "nan"
    return f"{value:.4g}"
