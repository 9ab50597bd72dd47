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
        evaluates: whether --eval-every applies (models that draw images
            from latent vectors; the image-to-image recipes score their
            held-out images in `report` instead).
        use_command: how to use a trained run, printed after training;
            `{out}` stands for the run folder.
    """

    name = None
    help = ""
    default_epochs = 10
    default_batch_size = 64
    model_args = ()
    evaluates = False
    use_command = "keras-gans sample {out} --num 64 --out grid.png"

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


# Images drawn for the final recognisability check on digits.
REPORT_SAMPLES = 1000

DATASET_HELP = (
    "'digits' (bundled, no download; the default), 'mnist', "
    "'fashion_mnist', 'cifar10' (downloaded by Keras) or an image folder"
)


def write_json(out_dir, name, result):
    """Writes `result` to `out_dir/name` as indented JSON."""
    import json
    import os

    with open(os.path.join(out_dir, name), "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")


def ema_decay(text):
    """argparse type of --ema-decay: a float strictly between 0 and 1."""
    import argparse

    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError(
            f"Expected a decay strictly between 0 and 1. Received: {text!r}"
        )
    return value


def add_ema_argument(parser):
    """--ema-decay, for the models whose `compile` takes `ema_decay`."""
    parser.add_argument(
        "--ema-decay",
        type=ema_decay,
        default=None,
        metavar="D",
        help="also keep an exponential moving average of the generator's "
        "weights with this decay (e.g. 0.999), saved with the model and "
        "used for sampling and evaluation (default: off)",
    )


class ImageGANRecipe(Recipe):
    """A latent-to-image GAN trained on `--dataset`: the data loading,
    sample grids and, on digits, the classifier report it shares with the
    other unconditional models. A subclass builds the model and says its
    `image_shape(args)`."""

    evaluates = True

    def add_dataset_argument(self, parser):
        parser.add_argument("--dataset", default="digits", help=DATASET_HELP)

    def image_shape(self, args):
        raise NotImplementedError

    def load_data(self, args):
        from keras_gans.data import load_dataset

        images = load_dataset(args.dataset, self.image_shape(args))
        return {"x": images, "batch_size": args.batch_size}

    def callbacks(self, args, model, out_dir):
        from keras_gans.callbacks import SampleGrid

        return [SampleGrid(out_dir, num_images=64, seed=args.seed)]

    def report(self, args, model, out_dir):
        """On digits: how many of REPORT_SAMPLES samples the bundled digit
        classifier recognises (`keras_gans.metrics.digits`), printed and
        written to recognizability.json."""
        if args.dataset != "digits":
            return {}
        from keras_gans.metrics.digits import recognizability

        images = model.generate(REPORT_SAMPLES, seed=args.seed + 1)
        result = recognizability(images)
        write_json(out_dir, "recognizability.json", result)
        shares = " ".join(f"{s:.2f}" for s in result["class_shares"])
        verdict = "meets" if result["passed"] else "does NOT meet"
        print(
            f"Digit classifier on {result['num_images']} samples: "
            f"confident (p >= {result['confidence']}) on "
            f"{result['confident_fraction']:.1%}; class shares 0-9: "
            f"{shares}; {verdict} the bar (>= {result['min_confident']:.0%} "
            f"confident, every class >= "
            f"{result['min_class_share_required']:.0%})."
        )
        return {"recognizability": result}
