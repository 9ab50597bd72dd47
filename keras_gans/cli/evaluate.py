"""`keras-gans evaluate CHECKPOINT`: FID, KID, IS and precision/recall of
a trained generator against a data set, printed as a table."""

import json
import os
import time

from keras_gans.cli import CLIError
from keras_gans.cli import positive_int


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "evaluate",
        help="score a checkpoint with FID, KID, IS and precision/recall",
        description="Compare a GAN's samples with real images. Every "
        "number is printed with its feature extractor and sample counts: "
        "scores are comparable only when both match.",
    )
    parser.add_argument(
        "checkpoint",
        metavar="CHECKPOINT",
        help="a .keras file (a whole GAN or a generator alone), or a run "
        "folder from `keras-gans train` (its best checkpoint if it has "
        "one, else its latest)",
    )
    parser.add_argument(
        "--dataset",
        default="digits",
        help="real images: 'digits' (bundled, at the generator's size), "
        "an image folder or a .npy file (default: %(default)s)",
    )
    parser.add_argument(
        "--metrics",
        default="fid,kid,is,pr",
        help="comma-separated, among fid, kid, is, pr, coverage, diversity "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--features",
        default="digits",
        choices=("digits", "inception", "keras_inception"),
        help="feature extractor (default: %(default)s; 'inception' is the "
        "network of published FIDs and needs its weight file)",
    )
    parser.add_argument(
        "--num-samples",
        type=positive_int,
        default=1000,
        help="generated images, and at most this many real ones "
        "(default: %(default)s)",
    )
    parser.add_argument("--batch-size", type=positive_int, default=64)
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        help="seed of the latents and the real subset",
    )
    parser.add_argument(
        "--weights",
        default=None,
        help="weight file of the inception/keras_inception extractor "
        "(default: looked up in ~/.keras, downloaded when online)",
    )
    parser.add_argument(
        "--resize",
        choices=("pytorch_fid", "clean"),
        default="pytorch_fid",
        help="resize to 299 for 'inception' (default: %(default)s)",
    )
    parser.add_argument(
        "--real-cache",
        default=None,
        help=".npz file caching the real features (written if missing)",
    )
    parser.add_argument(
        "--json", default=None, help="also write the results to this JSON file"
    )
    parser.add_argument(
        "--no-ema",
        action="store_true",
        help="use the trained generator even if the model keeps an EMA one",
    )
    return parser


def _checkpoint(path):
    from keras_gans.cli.sample import resolve_checkpoint

    best = os.path.join(path, "best.keras")
    if os.path.isdir(path) and os.path.isfile(best):
        return best
    return resolve_checkpoint(path)


class _Generator:
    """A bare generator model, or a GAN without its EMA, as an image source."""

    def __init__(self, model, use_ema=True):
        from keras_gans.cli.sample import check_latent_model
        from keras_gans.cli.sample import generate

        check_latent_model(model)
        self._generate = generate
        self.model = model
        self.use_ema = use_ema
        if hasattr(model, "latent_dim"):
            self.latent_dim = model.latent_dim
        else:
            self.latent_dim = model.inputs[0].shape[-1]

    def generate(self, num_images, seed=None):
        if hasattr(self.model, "generate"):
            return self.model.generate(
                num_images, seed=seed, use_ema=self.use_ema
            )
        return self._generate(self.model, num_images, seed)


def _real_images(dataset, image_shape):
    from keras_gans.data import load_dataset
    from keras_gans.data import load_digits
    from keras_gans.data.paired_images import IMAGE_EXTENSIONS

    if dataset == "digits":
        return load_digits(image_size=image_shape[0], channels=image_shape[-1])
    flat_folder = os.path.isdir(dataset) and any(
        name.lower().endswith(IMAGE_EXTENSIONS) for name in os.listdir(dataset)
    )
    if flat_folder or os.path.isfile(dataset):
        # Read by the metrics at their own resolution (Inception resizes
        # from the original images).
        return dataset
    # A folder of class folders, or a Keras data set name: as `train`
    # reads it, at the model's size.
    try:
        return load_dataset(dataset, image_shape)
    except (ValueError, OSError) as error:
        raise CLIError(
            "Expected --dataset to be 'digits', a Keras data set name, an "
            f"image folder or a .npy file. Received: --dataset={dataset} "
            f"({error})"
        ) from error


def _extractor_options(args):
    if args.features == "digits":
        return {}
    options = {"weights": args.weights}
    if args.features == "inception":
        options["resize"] = args.resize
    return options


def format_table(results):
    """Rows of metric, value, std, extractor and sample counts."""
    rows = [("metric", "value", "std", "features", "real", "generated")]
    for result in results.values():
        for key, value in result.values.items():
            if key.endswith("_std"):
                continue
            std = result.values.get(f"{key}_std")
            rows.append(
                (
                    key,
                    f"{value:.4f}",
                    "-" if std is None else f"{std:.4f}",
                    result.extractor,
                    "-" if result.num_real is None else str(result.num_real),
                    str(result.num_fake),
                )
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) for cell, width in zip(row, widths)
        ).rstrip()
        for row in rows
    )


def run(args):
    import keras

    import keras_gans  # noqa: F401  (registers the saved classes)
    from keras_gans import metrics
    from keras_gans.metrics.evaluate import metric_specs
    from keras_gans.metrics.features import get_extractor

    path = _checkpoint(args.checkpoint)
    from keras_gans.cli.sample import load_checkpoint

    model = load_checkpoint(path)
    try:
        names = [spec.name for spec in metric_specs(args.metrics)]
        extractor = get_extractor(args.features, **_extractor_options(args))
    except (ValueError, FileNotFoundError) as error:
        raise CLIError(str(error)) from error
    source = _Generator(model, use_ema=not args.no_ema)
    image_shape = tuple(source.generate(1, seed=0).shape[1:])
    real = _real_images(args.dataset, image_shape)
    start = time.perf_counter()
    try:
        results = metrics.evaluate(
            real,
            source,
            names,
            extractor,
            args.num_samples,
            args.batch_size,
            args.seed,
            real_cache=args.real_cache,
        )
    except ValueError as error:
        raise CLIError(str(error)) from error
    seconds = time.perf_counter() - start
    ema = getattr(model, "ema_generator", None) is not None
    which = "EMA generator" if ema and not args.no_ema else "generator"
    backend = keras.backend.backend()
    print(f"{path} ({which}, {backend} backend, {seconds:.1f} s)")
    print(format_table(results))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(
                {
                    "checkpoint": path,
                    "backend": keras.backend.backend(),
                    "seconds": seconds,
                    "results": {
                        name: {
                            "values": r.values,
                            "extractor": r.extractor,
                            "num_real": r.num_real,
                            "num_fake": r.num_fake,
                        }
                        for name, r in results.items()
                    },
                },
                f,
                indent=2,
            )
    return 0
