"""`keras-gans upscale CHECKPOINT IN OUT`: super-resolve images."""

from keras_gans.cli import CLIError
from keras_gans.cli import positive_int
from keras_gans.cli._files import input_images
from keras_gans.cli._files import output_paths
from keras_gans.cli._files import read_input


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
    files, is_folder = input_images(args.input)
    targets = output_paths(args.output, files, is_folder)
    for file, target in zip(files, targets):
        image = read_input(file, model.channels)
        upscaled = model.upscale(image, tile_size=args.tile)
        save_image(target, upscaled)
        print(
            f"{file} ({image.shape[1]}x{image.shape[0]}) -> {target} "
            f"({upscaled.shape[1]}x{upscaled.shape[0]})"
        )
    return 0
