"""`keras-gans colorize CHECKPOINT IN OUT`: colour greyscale images."""

import os

from keras_gans.cli import CLIError
from keras_gans.cli import positive_int
from keras_gans.cli._files import input_images
from keras_gans.cli._files import output_paths
from keras_gans.cli._files import read_input


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "colorize",
        help="colorize images with a ColorizationGAN checkpoint",
        description="Colorize one image or a folder of images with a saved "
        "ColorizationGAN. Greyscale and colour inputs both work (a colour "
        "image is reduced to its lightness first); outputs keep the "
        "input's size.",
    )
    parser.add_argument(
        "checkpoint",
        metavar="CHECKPOINT",
        help="a .keras file, or a run folder from `keras-gans train "
        "colorization` (its latest checkpoint)",
    )
    parser.add_argument(
        "input", metavar="IN", help="an image file or a folder of images"
    )
    parser.add_argument(
        "output",
        metavar="OUT",
        help="the output image file (for an image IN) or folder (for a "
        "folder IN; created if needed, file names kept, PNG)",
    )
    parser.add_argument(
        "--short-side",
        type=positive_int,
        default=None,
        help="resize each input so that its shorter side has this many "
        "pixels first (a model works best at the scale it was trained at)",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="write input (greyscale) | output | original side by side; "
        "for colour inputs",
    )
    return parser


def run(args):
    import numpy as np
    from keras import ops

    import keras_gans  # noqa: F401  (registers the saved classes)
    from keras_gans import color
    from keras_gans.callbacks.translation_grid import triples
    from keras_gans.cli.sample import load_checkpoint
    from keras_gans.cli.sample import resolve_checkpoint
    from keras_gans.data._photos import scale_short_side
    from keras_gans.utils import save_image
    from keras_gans.utils.images import to_uint8

    path = resolve_checkpoint(args.checkpoint)
    paths, is_folder = input_images(args.input)
    model = load_checkpoint(path)
    if not hasattr(model, "colorize"):
        raise CLIError(
            "Expected a colorization model (with `colorize`). Received: a "
            f"{type(model).__name__} from CHECKPOINT={path}"
        )
    targets = output_paths(args.output, paths, is_folder)
    for file, target in zip(paths, targets):
        image = read_input(file, 3)
        if args.short_side:
            image = scale_short_side(image, args.short_side)
        # Images of different sizes go one at a time (the generator is
        # fully convolutional).
        output = model.colorize(image)
        if args.compare:
            original = image.astype("float32") / 127.5 - 1.0
            grey = ops.convert_to_numpy(color.rgb_to_grayscale(original))
            picture = triples(
                grey[None], output[None], original[None], padding=0
            )
        else:
            picture = to_uint8(output)
        save_image(target, np.asarray(picture))
    where = os.path.abspath(args.output)
    print(f"Colorized {len(paths)} image(s) with {path} into {where}")
    return 0
