"""`keras-gans sample CHECKPOINT`: a grid of new samples from a model."""

import argparse
import os

from keras_gans.cli import CLIError
from keras_gans.cli import positive_int


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "sample",
        help="draw samples from a checkpoint",
        description="Write a grid of samples from a saved GAN or generator.",
    )
    parser.add_argument(
        "checkpoint",
        metavar="CHECKPOINT",
        help="a .keras file (a whole GAN or a generator alone), or a run "
        "folder from `keras-gans train` (its latest checkpoint)",
    )
    parser.add_argument(
        "--num",
        type=positive_int,
        default=None,
        help="number of samples (default: 64); with --labels, samples per "
        "label (default: 10)",
    )
    parser.add_argument(
        "--labels",
        type=label_list,
        default=None,
        help="for a conditional model: comma-separated class labels, e.g. "
        "0,1,2; the grid gets one row per label",
    )
    parser.add_argument(
        "--out",
        default="grid.png",
        help="image file to write (default: %(default)s)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        help="seed of the latents (default: %(default)s)",
    )
    parser.add_argument(
        "--rows",
        type=positive_int,
        default=None,
        help="rows of the grid (default: near square)",
    )
    return parser


def label_list(text):
    """argparse type: comma-separated non-negative ints."""
    try:
        labels = [int(part) for part in text.split(",")]
    except ValueError:
        labels = []
    if not labels or min(labels) < 0:
        raise argparse.ArgumentTypeError(
            "Expected comma-separated class labels such as 0,1,2. "
            f"Received: {text!r}"
        )
    return labels


def load_checkpoint(path):
    """Loads a `.keras` file (uncompiled), with a clear error for bad files."""
    import zipfile

    import keras

    import keras_gans  # noqa: F401  (registers the saved classes)

    if not zipfile.is_zipfile(path):
        raise CLIError(
            "Expected CHECKPOINT to be a .keras file (a zip archive) or a "
            f"run folder. Received: CHECKPOINT={path}, which is not a zip "
            "archive (truncated or not a Keras model)."
        )
    try:
        return keras.saving.load_model(path, compile=False)
    except (ValueError, OSError, KeyError) as error:
        raise CLIError(f"Could not load CHECKPOINT={path}: {error}") from error


def resolve_checkpoint(path):
    """A .keras path from a file, a run folder or a checkpoints folder."""
    from keras_gans.callbacks import latest_checkpoint

    if os.path.isfile(path) and path.endswith(".keras"):
        return path
    if os.path.isdir(path):
        for folder in (os.path.join(path, "checkpoints"), path):
            latest = latest_checkpoint(folder)
            if latest is not None:
                return latest[1]
    raise CLIError(
        "Expected CHECKPOINT to be a .keras file or a run folder with "
        f"checkpoints/latest.json. Received: CHECKPOINT={path}"
    )


# The command that uses each image-to-image model, for the error message.
_OTHER_COMMANDS = {
    "Pix2Pix": "translate",
    "CycleGAN": "translate",
    "ColorizationGAN": "colorize",
    "SRGAN": "upscale",
}


def check_latent_model(model):
    """Raises a CLIError unless `model` draws images from latent vectors:
    a keras_gans GAN, or a bare generator with one latent input."""
    if hasattr(model, "generate"):
        return
    inputs = getattr(model, "inputs", None)
    if inputs and len(inputs) == 1 and len(inputs[0].shape) == 2:
        return
    name = type(model).__name__
    hint = ""
    if name in _OTHER_COMMANDS:
        hint = (
            f"; a {name} maps images: use `keras-gans {_OTHER_COMMANDS[name]}`"
        )
    raise CLIError(
        "Expected a GAN that draws images from latent vectors (a keras_gans "
        f"GAN or a generator with one latent input). Received: a {name}" + hint
    )


def generate(model, num, seed, labels=None):
    """Samples in [-1, 1] from a keras_gans GAN or a bare generator."""
    import numpy as np

    if labels is not None:
        if not hasattr(model, "num_classes"):
            raise CLIError(
                "Expected a conditional model (a ConditionalGAN) with "
                f"--labels. Received: a {type(model).__name__}"
            )
        try:
            return model.generate(labels=np.repeat(labels, num), seed=seed)
        except ValueError as error:
            raise CLIError(f"--labels: {error}") from error
    check_latent_model(model)
    if hasattr(model, "generate"):
        return model.generate(num, seed=seed)
    latent_dim = model.inputs[0].shape[-1]
    latents = (
        np.random.default_rng(seed)
        .standard_normal((num, latent_dim))
        .astype("float32")
    )
    images = model.predict(latents, verbose=0)
    return np.clip(np.asarray(images, dtype="float32"), -1.0, 1.0)


def run(args):

    import keras_gans  # noqa: F401  (registers the saved classes)
    from keras_gans.utils import make_grid
    from keras_gans.utils import save_image

    from PIL import Image

    extension = os.path.splitext(args.out)[1].lower()
    if extension not in Image.registered_extensions():
        raise CLIError(
            "Expected --out to be an image file name (.png, .jpg, ...). "
            f"Received: --out={args.out}"
        )
    path = resolve_checkpoint(args.checkpoint)
    model = load_checkpoint(path)
    rows = args.rows
    if args.labels is not None:
        if rows is not None:
            raise CLIError(
                "Expected --rows or --labels (one row per label), not both. "
                f"Received: --rows={rows}"
            )
        rows = len(args.labels)
        num = 10 if args.num is None else args.num
    else:
        num = 64 if args.num is None else args.num
    images = generate(model, num, args.seed, args.labels)
    if images.ndim != 4 or images.shape[-1] not in (1, 3):
        raise CLIError(
            "Expected the model to produce images (num, height, width, 1 or "
            f"3). Received: output shape {images.shape}"
        )
    save_image(args.out, make_grid(images, rows=rows))
    print(
        f"Wrote {len(images)} samples from {path} to "
        f"{os.path.abspath(args.out)}"
    )
    return 0
