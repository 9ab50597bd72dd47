"""What `keras-gans train MODEL` needs to know about a model."""

_RECIPES = {}


def register_recipe(name):
    """Class decorator adding a `Recipe` subclass to the registry."""

    def register(cls):
        if name in _RECIPES:
            raise ValueError(
                f"Expected a new recipe name. Received: name={name!r} "
                f"(already registered by {_RECIPES[name].__name__})"
            )
        cls.name = name
        _RECIPES[name] = cls
        return cls

    return register


def recipes():
    """Registered recipe classes by name."""
    return dict(_RECIPES)


class Recipe:
    """How to train one model from the command line.

    The shared `train` command owns the run folder, --epochs, --seed,
    --batch-size, --resume, the configuration file, the loss CSV, the
    checkpoints and the NaN stop. A recipe adds its own flags and supplies
    the model, the data, any extra callbacks and a final report.

    Attributes:
        name: the MODEL word on the command line (set by `register_recipe`).
        help: one line for `keras-gans train --help`.
        default_epochs: --epochs when not given.
        default_batch_size: --batch-size when not given.
        model_args: names of this recipe's flags that decide the model or
            the data; a resumed run must keep them.
    """

    name = None
    help = ""
    default_epochs = 10
    default_batch_size = 64
    model_args = ()

    def add_arguments(self, parser):
        """Adds the recipe's own flags to its argparse parser."""

    def build_model(self, args):
        """Returns a new, compiled keras_gans model."""
        raise NotImplementedError

    def load_data(self, args):
        """Returns keyword arguments for `fit`: `x=...`, `batch_size=...`."""
        raise NotImplementedError

    def callbacks(self, args, model, out_dir):
        """Extra Keras callbacks (sample grids and the like)."""
        return []

    def report(self, args, model, out_dir):
        """Final figures after training, as a JSON-friendly dict."""
        return {}
