"""Named constructor configurations shared by every model class."""

import copy


class PresetsMixin:
    """Adds `from_preset(name)` and `presets()` to a model class.

    A class lists its presets in `_presets`, a dict from a name to the
    keyword arguments of its constructor. The class defaults stay those of
    the paper; presets are the smaller configurations demos and tests use.
    """

    _presets = {}

    @classmethod
    def from_preset(cls, name, **overrides):
        """A model built from the preset `name`; `overrides` replace any of
        its arguments."""
        if name not in cls._presets:
            raise ValueError(
                f"Expected a {cls.__name__} preset name among "
                f"{sorted(cls._presets)}. Received: name={name!r}"
            )
        return cls(**{**copy.deepcopy(cls._presets[name]), **overrides})

    @classmethod
    def presets(cls):
        """The named presets: {name: constructor arguments}."""
        return copy.deepcopy(cls._presets)
