"""The `keras-gans` command line.

`main(argv)` builds one argparse parser from the command modules named in
`COMMANDS`; each module `keras_gans/cli/<command>.py` defines
`add_parser(subparsers)` and `run(args) -> int`. A new command is a new
module and one more name in `COMMANDS`.

Exit status: 0 on success, 1 when training diverged, 2 on bad input (an
unknown model, a bad value, a missing checkpoint, an --out folder that
would be overwritten).
"""

import argparse
import importlib
import sys

COMMANDS = (
    "train",
    "sample",
    "evaluate",
    "translate",
    "colorize",
    "upscale",
)


class CLIError(Exception):
    """A problem with the user's input, reported without a traceback."""


def build_parser():
    parser = argparse.ArgumentParser(
        prog="keras-gans",
        description="Train GANs and draw samples with keras_gans.",
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True
    )
    for name in COMMANDS:
        module = importlib.import_module(f"keras_gans.cli.{name}")
        command = module.add_parser(subparsers)
        command.set_defaults(_run=module.run)
    return parser


BACKENDS = ("tensorflow", "jax", "torch")


def main(argv=None):
    """Runs one `keras-gans` command; returns the exit status."""
    import os

    backend = os.environ.get("KERAS_BACKEND")
    if backend is not None and backend not in BACKENDS:
        print(
            "keras-gans: error: Expected KERAS_BACKEND to be tensorflow, "
            f"jax or torch. Received: KERAS_BACKEND={backend!r}",
            file=sys.stderr,
        )
        return 2
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit:
        # argparse has printed the usage and the problem already.
        return exit.code if isinstance(exit.code, int) else 2
    args._argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return args._run(args)
    except CLIError as error:
        print(f"keras-gans {args.command}: error: {error}", file=sys.stderr)
        return 2


def positive_int(text):
    """argparse type: an int of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < 1:
        raise argparse.ArgumentTypeError(
            f"Expected a positive integer. Received: {text!r}"
        )
    return value
