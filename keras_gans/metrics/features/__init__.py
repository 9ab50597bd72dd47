"""Feature extractors for evaluation metrics, chosen by name.

- `digits`: a small classifier of handwritten digits shipped with the
  package (64-d features, 10 classes); the offline default.
- `inception`: the FID Inception network (2048-d, 1008 classes), the one
  behind published FIDs; needs the pytorch-fid weight file.
- `keras_inception`: `keras.applications.InceptionV3` (ImageNet weights).

`get_extractor(name, **options)` builds one (cached per name and options,
since the Inception networks take seconds to build).
"""

from keras_gans.metrics.features.base import FeatureExtractor

_FACTORIES = {}
_CACHE = {}


def register_extractor(name):
    """Class decorator adding an extractor under `name`."""

    def decorate(factory):
        _FACTORIES[name] = factory
        return factory

    return decorate


def names():
    _register_builtins()
    return sorted(_FACTORIES)


def get_extractor(name, **options):
    """The feature extractor `name` (or an extractor instance, returned)."""
    if isinstance(name, FeatureExtractor):
        return name
    _register_builtins()
    if name not in _FACTORIES:
        raise ValueError(
            f"Expected a feature extractor among {sorted(_FACTORIES)}. "
            f"Received: features={name!r}"
        )
    key = (name, tuple(sorted((k, str(v)) for k, v in options.items())))
    if key not in _CACHE:
        _CACHE[key] = _FACTORIES[name](**options)
    return _CACHE[key]


def _register_builtins():
    if _FACTORIES.keys() >= {"digits", "inception", "keras_inception"}:
        return
    from keras_gans.metrics.features.digits import DigitsExtractor
    from keras_gans.metrics.features.inception import InceptionExtractor
    from keras_gans.metrics.features.keras_inception import (
        KerasInceptionExtractor,
    )

    _FACTORIES.setdefault("digits", DigitsExtractor)
    _FACTORIES.setdefault("inception", InceptionExtractor)
    _FACTORIES.setdefault("keras_inception", KerasInceptionExtractor)
