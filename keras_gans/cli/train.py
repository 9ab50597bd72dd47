"""`keras-gans train MODEL`: train a model from a recipe, resumably."""

import datetime
import importlib
import json
import os
import platform
import shutil
import sys
import time

from keras_gans.cli import CLIError
from keras_gans.cli import positive_int

# Flags of the shared command that decide the run; a resumed run keeps them.
_RUN_ARGS = ("seed", "batch_size", "steps_per_epoch")


def add_parser(subparsers):
    from keras_gans.cli.recipes import recipes

    parser = subparsers.add_parser(
        "train",
        help="train a model",
        description="Train a model. Writes sample grids, losses.csv, a "
        ".keras checkpoint per epoch and config.json into --out.",
    )
    models = parser.add_subparsers(dest="model", metavar="MODEL", required=True)
    for name, cls in sorted(recipes().items()):
        recipe = cls()
        sub = models.add_parser(name, help=recipe.help, description=recipe.help)
        _add_shared_arguments(sub, recipe)
        recipe.add_arguments(sub)
        sub.set_defaults(_recipe=recipe, _parser=sub)
    return parser


def _add_shared_arguments(parser, recipe):
    parser.add_argument(
        "--out",
        default=os.path.join("runs", recipe.name),
        help=f"run folder (default: runs/{recipe.name}); must be "
        "new or empty unless --resume",
    )
    parser.add_argument(
        "--epochs",
        type=positive_int,
        default=recipe.default_epochs,
        help="total number of epochs, counting resumed ones "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        help="seed of the weights, the training noise, the data order and "
        "the sample grids (default: %(default)s)",
    )
    parser.add_argument(
        "--batch-size",
        type=positive_int,
        default=recipe.default_batch_size,
        help="images per update (default: %(default)s)",
    )
    parser.add_argument(
        "--steps-per-epoch",
        type=positive_int,
        default=None,
        help="updates per epoch (default: one pass over the data); for "
        "quick checks and very large data sets",
    )
    start = parser.add_mutually_exclusive_group()
    start.add_argument(
        "--resume",
        action="store_true",
        help="continue the run in --out from its latest checkpoint",
    )
    start.add_argument(
        "--overwrite",
        action="store_true",
        help="delete an earlier run in --out (a folder with config.json) "
        "and start afresh",
    )
    evaluation = parser.add_argument_group(
        "evaluation during training",
        "with --eval-every N, metrics are computed after the first epoch "
        "and every N epochs, logged beside the losses in losses.csv, and "
        "the best model so far is kept as best.keras",
    )
    evaluation.add_argument(
        "--eval-every",
        type=int,
        default=0,
        metavar="N",
        help="evaluate every N epochs (default: 0, never)",
    )
    evaluation.add_argument(
        "--eval-metrics",
        default="fid",
        help="comma-separated metrics; the first decides best.keras "
        "(default: %(default)s)",
    )
    evaluation.add_argument(
        "--eval-features",
        default="digits",
        choices=("digits", "inception", "keras_inception"),
        help="feature extractor (default: %(default)s)",
    )
    evaluation.add_argument(
        "--eval-samples",
        type=positive_int,
        default=1000,
        help="generated images per evaluation (default: %(default)s)",
    )
    parser.add_argument(
        "--verbose",
        type=int,
        choices=(0, 1, 2),
        default=1,
        help="Keras fit verbosity: 0 silent, 1 progress bar, 2 one line "
        "per epoch (default: %(default)s)",
    )


def package_versions():
    """Versions of the packages a run depends on, and the backend's."""
    import keras
    import numpy

    import keras_gans

    backend = keras.backend.backend()
    framework = importlib.import_module(backend)
    return {
        "python": platform.python_version(),
        "keras": keras.__version__,
        backend: framework.__version__,
        "numpy": numpy.__version__,
        "keras_gans": keras_gans.__version__,
    }


def _plain_args(args):
    return {
        key: value
        for key, value in vars(args).items()
        if not key.startswith("_")
    }


def _write_json(path, data):
    with open(path + ".tmp", "w") as f:
        json.dump(data, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(path + ".tmp", path)


def _read_json(path):
    with open(path) as f:
        return json.load(f)


def _adopt_saved_args(args, saved, recipe):
    """A resumed run keeps the settings that shaped its model and data.

    Flags left at their defaults take the saved values; a flag given with a
    different value is an error rather than a silent change mid-run.
    """
    for key in _RUN_ARGS + tuple(recipe.model_args):
        if key not in saved:
            continue
        value = getattr(args, key)
        if value == saved[key]:
            continue
        if value != args._parser.get_default(key):
            flag = "--" + key.replace("_", "-")
            raise CLIError(
                f"--resume continues a run with its saved settings. Expected "
                f"{flag}={saved[key]} (as saved in config.json) or no "
                f"{flag}. Received: {flag}={value}"
            )
        setattr(args, key, saved[key])


def _prepare_out(args, recipe):
    """Checks --out against --resume and --overwrite.

    Returns:
        `(initial_epoch, checkpoint, clear)`: the epochs already done, the
        checkpoint to resume from (or None) and whether the earlier run in
        --out is to be deleted.
    """
    from keras_gans.callbacks import latest_checkpoint

    out = args.out
    checkpoints = os.path.join(out, "checkpoints")
    if not args.resume:
        if os.path.exists(out) and not os.path.isdir(out):
            raise CLIError(
                f"Expected --out to be a folder. Received: --out={out} (a file)"
            )
        if os.path.isdir(out) and os.listdir(out):
            if not args.overwrite:
                raise CLIError(
                    "Expected --out to be a new or empty folder, so that "
                    "nothing is overwritten; pass --resume to continue the "
                    "run there, --overwrite to replace it, or choose another "
                    f"--out. Received: --out={out} (not empty)"
                )
            if not os.path.isfile(os.path.join(out, "config.json")):
                raise CLIError(
                    "--overwrite only replaces an earlier run (a folder "
                    f"with config.json). Received: --out={out}, which holds "
                    "other files"
                )
            # Deleted once the data and the model are ready (see `run`), so
            # a bad flag does not cost the earlier run.
            return 0, None, True
        return 0, None, False
    latest = latest_checkpoint(checkpoints)
    if latest is None:
        raise CLIError(
            "--resume expected a run folder holding "
            f"checkpoints/latest.json and its checkpoint. Received: "
            f"--out={out}"
        )
    config_path = os.path.join(out, "config.json")
    if os.path.isfile(config_path):
        config = _read_json(config_path)
        if config.get("model") != args.model:
            raise CLIError(
                f"Expected the model of the run being resumed "
                f"({config.get('model')}). Received: MODEL={args.model}"
            )
        _adopt_saved_args(args, config["args"], recipe)
    epoch, path = latest
    if args.epochs <= epoch:
        raise CLIError(
            f"Expected --epochs (the total) to be more than the {epoch} "
            f"epochs the run in --out has done. Received: "
            f"--epochs={args.epochs}"
        )
    return epoch, path, False


def _write_config(args, initial_epoch, checkpoint):
    import keras

    path = os.path.join(args.out, "config.json")
    now = datetime.datetime.now().isoformat(timespec="seconds")
    run = {
        "started": now,
        "backend": keras.backend.backend(),
        "versions": package_versions(),
        "argv": getattr(args, "_argv", sys.argv[1:]),
    }
    if checkpoint is None:
        config = {"model": args.model, "args": _plain_args(args), **run}
        config["resumes"] = []
    else:
        config = (
            _read_json(path)
            if os.path.isfile(path)
            else {
                "model": args.model,
                "args": _plain_args(args),
                "resumes": [],
            }
        )
        config["args"]["epochs"] = args.epochs
        run.update({"from_epoch": initial_epoch, "checkpoint": checkpoint})
        config.setdefault("resumes", []).append(run)
    _write_json(path, config)
    return path


def _evaluation_callbacks(args, data):
    from keras_gans.callbacks import MetricEvaluation

    every = getattr(args, "eval_every", 0)
    if every < 0:
        raise CLIError(
            f"Expected --eval-every to be 0 or more. Received: {every}"
        )
    if not every:
        return []
    if not args._recipe.evaluates:
        raise CLIError(
            "--eval-every evaluates GANs that draw images from latent "
            "vectors (dcgan, cgan, wgan, wgan-gp); "
            f"{args.model} scores its held-out images at the end of "
            f"training instead (report.json). Received: --eval-every={every}"
        )
    real = data.get("x")
    if real is None:
        raise CLIError(
            "Expected real images for --eval-every. Received: a recipe "
            "without them"
        )
    from keras_gans.metrics.features import get_extractor

    try:
        # Built now (and cached), so that missing weights stop the run
        # before it starts.
        get_extractor(args.eval_features)
        return [
            MetricEvaluation(
                real,
                args.eval_metrics,
                features=args.eval_features,
                every=every,
                num_samples=args.eval_samples,
                seed=args.seed,
                best_path=os.path.join(args.out, "best.keras"),
            )
        ]
    except (ValueError, FileNotFoundError) as error:
        raise CLIError(str(error)) from error


def run(args):
    import keras

    from keras_gans.callbacks import EpochCheckpoint
    from keras_gans.callbacks import LossLog
    from keras_gans.callbacks import StopOnNaN
    from keras_gans.callbacks import TrainingDiverged
    from keras_gans.callbacks import latest_checkpoint

    recipe = args._recipe
    args.out = os.path.abspath(args.out)
    initial_epoch, checkpoint, clear = _prepare_out(args, recipe)

    # Python, numpy and the backend's global generators (the data order);
    # the model draws its training noise from its own seeded generator.
    keras.utils.set_random_seed(args.seed)
    try:
        data = recipe.load_data(args)
    except (ValueError, OSError) as error:
        raise CLIError(str(error)) from error
    if checkpoint is None:
        try:
            model = recipe.build_model(args)
        except ValueError as error:
            raise CLIError(str(error)) from error
    else:
        print(f"Resuming from {checkpoint} (epoch {initial_epoch})")
        # Restores the weights, both optimizers and the noise generator.
        model = keras.saving.load_model(checkpoint)
    # Checked before anything is written or deleted.
    evaluation = _evaluation_callbacks(args, data)
    if clear:
        shutil.rmtree(args.out)
    os.makedirs(args.out, exist_ok=True)
    config_path = _write_config(args, initial_epoch, checkpoint)

    checkpoints = os.path.join(args.out, "checkpoints")
    losses = os.path.join(args.out, "losses.csv")
    callbacks = list(recipe.callbacks(args, model, args.out))
    # Before the CSV logger, which writes the logs this one adds.
    callbacks += evaluation
    callbacks += [
        LossLog(
            losses,
            validates=data.get("validation_data") is not None,
            append=checkpoint is not None,
        ),
        EpochCheckpoint(checkpoints),
        StopOnNaN(checkpoints),
    ]
    start = time.perf_counter()
    try:
        model.fit(
            **data,
            epochs=args.epochs,
            initial_epoch=initial_epoch,
            steps_per_epoch=args.steps_per_epoch,
            callbacks=callbacks,
            verbose=args.verbose,
        )
    except TrainingDiverged as error:
        print(f"keras-gans train: {error}", file=sys.stderr)
        return 1
    except (Exception, KeyboardInterrupt) as error:
        if checkpoint is None and latest_checkpoint(checkpoints) is None:
            # A new run that failed before its first checkpoint (too few
            # images for a batch, an interrupt) leaves nothing to resume:
            # its folder goes, so that the same command can be run again.
            shutil.rmtree(args.out, ignore_errors=True)
        if isinstance(error, ValueError):
            raise CLIError(str(error)) from error
        raise
    seconds = time.perf_counter() - start

    report = dict(recipe.report(args, model, args.out))
    summary = {
        "model": args.model,
        "epochs": args.epochs,
        "epochs_this_run": args.epochs - initial_epoch,
        "train_seconds": round(seconds, 1),
        "backend": keras.backend.backend(),
        **report,
    }
    report_path = os.path.join(args.out, "report.json")
    _write_json(report_path, summary)

    latest = latest_checkpoint(checkpoints)
    print(
        f"Trained {args.model} for {args.epochs - initial_epoch} epoch(s) "
        f"in {seconds:.1f} s on {keras.backend.backend()}."
    )
    paths = [("run folder", args.out)]
    for callback in callbacks:
        for label, attr in (
            ("samples", "samples_dir"),
            ("progress", "progress_path"),
        ):
            if os.path.exists(getattr(callback, attr, "")):
                paths.append((label, getattr(callback, attr)))
    paths += [
        ("losses", losses),
        ("checkpoint", latest[1] if latest else "(none)"),
        ("config", config_path),
        ("report", report_path),
    ]
    for label, path in paths:
        print(f"  {label + ':':12} {path}")
    print("Use it: " + recipe.use_command.format(out=args.out))
    return 0
