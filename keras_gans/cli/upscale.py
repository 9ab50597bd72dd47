"""`keras-gans upscale CHECKPOINT IN OUT`: super-resolve images."""

import os

from keras_gans.cli import CLIError
from keras_gans.cli import positive_int


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "upscale",
        help="upscale images with a super-resolution model",
        description="Upscale one image or every image of a folder with a "
        "trained SRGAN (any input size). Writes PNG files.",
    )
    parser.add_argument(
        "checkpoint",
        metavar="CHECKPOINT",
        help="a .keras file, or a run folder of `keras-gans train srgan` "
        "(its latest checkpoint)",
    )
    parser.add_argument(
        "input", metavar="IN", help="an image file or a folder of images"
    )
    parser.add_argument(
        "output",
        metavar="OUT",
        help="the image file to write (for one image) or a folder (for a "
        "folder, or for one image when OUT is an existing folder)",
    )
    parser.add_argument(
        "--tile",
        type=positive_int,
        default=128,
        help="process images in tiles of this many input pixels a side, "
        "with enough overlap that the result equals an untiled pass; bounds "
        "memory (default: %(default)s)",
    )
    return parser


def _inputs(path):
    from keras_gans.data.super_resolution import IMAGE_EXTENSIONS

    if os.path.isfile(path):
        return [path]
    if os.path.isdir(path):
        files = sorted(
            os.path.join(path, name)
            for name in os.listdir(path)
            if name.lower().endswith(IMAGE_EXTENSIONS)
        )
        if files:
            return files
    raise CLIError(
        "Expected IN to be an image file or a folder holding images "
        f"({', '.join(IMAGE_EXTENSIONS)}). Received: IN={path}"
    )


def _read(path, channels):
    import numpy as np
    from PIL import Image
    from PIL import ImageOps
    from PIL import UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB" if channels == 3 else "L")
    except (OSError, UnidentifiedImageError) as error:
        raise CLIError(
            f"Expected a readable image. Received: {path} ({error})"
        ) from error
    return np.asarray(image).reshape(image.height, image.width, channels)


def run(args):

    import keras_gans  # noqa: F401  (registers the saved classes)
    from keras_gans.cli.sample import load_checkpoint
    from keras_gans.cli.sample import resolve_checkpoint
    from keras_gans.models import SRGAN
    from keras_gans.utils import save_image

    path = resolve_checkpoint(args.checkpoint)
    # Without compiling: upscaling needs no optimizer or VGG network.
    model = load_checkpoint(path)
    if not isinstance(model, SRGAN):
        raise CLIError(
            "Expected a super-resolution model (a `keras-gans train srgan` "
            f"checkpoint). Received: a {type(model).__name__} in {path}"
        )
    files = _inputs(args.input)
    to_folder = os.path.isdir(args.input) or os.path.isdir(args.output)
    if to_folder:
        os.makedirs(args.output, exist_ok=True)
    for file in files:
        image = _read(file, model.channels)
        upscaled = model.upscale(image, tile_size=args.tile)
        if to_folder:
            stem = os.path.splitext(os.path.basename(file))[0]
            target = os.path.join(args.output, stem + ".png")
        else:
            target = args.output
        save_image(target, upscaled)
        print(
            f"{file} ({image.shape[1]}x{image.shape[0]}) -> {target} "
            f"({upscaled.shape[1]}x{upscaled.shape[0]})"
        )
    return 0
