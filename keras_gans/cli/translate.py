"""`keras-gans translate CHECKPOINT IN OUT`: translate images with a
trained image-to-image model."""

import inspect
import os

from keras_gans.cli import CLIError
from keras_gans.cli import positive_int
from keras_gans.cli._files import input_images
from keras_gans.cli._files import output_paths
from keras_gans.cli._files import read_input


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "translate",
        help="translate images with an image-to-image checkpoint",
        description="Translate one image or a folder of images with a "
        "saved image-to-image model (Pix2Pix, or CycleGAN in either "
        "direction). Images are resized to the "
        "model's size; outputs are written at that size, or at the input's "
        "with --keep-size.",
    )
    parser.add_argument(
        "checkpoint",
        metavar="CHECKPOINT",
        help="a .keras file, or a run folder from `keras-gans train` (its "
        "latest checkpoint)",
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
        "--side-by-side",
        action="store_true",
        help="IN holds A|B pairs: translate the half named by --direction "
        "(and write input | output | target)",
    )
    parser.add_argument(
        "--direction",
        choices=("a_to_b", "b_to_a"),
        default="a_to_b",
        help="a CycleGAN's generator: A to B (G) or B to A (F); with "
        "--side-by-side, also which half is the input (default: "
        "%(default)s)",
    )
    parser.add_argument(
        "--no-dropout",
        action="store_true",
        help="deterministic outputs: dropout off and stored statistics "
        "(by default the generator runs as in training, as in the paper)",
    )
    parser.add_argument(
        "--keep-size",
        action="store_true",
        help="resize each output back to its input's size",
    )
    parser.add_argument(
        "--batch-size",
        type=positive_int,
        default=16,
        help="images per forward pass (default: %(default)s)",
    )
    return parser


def _model_size(model):
    size = getattr(model, "image_size", None)
    # Pix2Pix names its input's channels; CycleGAN's domains share theirs.
    channels = getattr(
        model, "input_channels", getattr(model, "channels", None)
    )
    if size is None or channels is None or not hasattr(model, "translate"):
        raise CLIError(
            "Expected an image-to-image model with `translate` (Pix2Pix or "
            f"CycleGAN). Received: a {type(model).__name__}"
        )
    return size, channels


def run(args):
    import numpy as np
    from PIL import Image

    import keras_gans  # noqa: F401  (registers the saved classes)
    from keras_gans.callbacks.translation_grid import triples
    from keras_gans.cli.sample import load_checkpoint
    from keras_gans.cli.sample import resolve_checkpoint
    from keras_gans.data.paired_images import resize_image
    from keras_gans.data.paired_images import split_side_by_side
    from keras_gans.utils import save_image
    from keras_gans.utils.images import to_uint8

    path = resolve_checkpoint(args.checkpoint)
    paths, is_folder = input_images(args.input)
    model = load_checkpoint(path)
    size, channels = _model_size(model)
    out_channels = getattr(model, "output_channels", channels)

    inputs, targets, sizes = [], [], []
    for file in paths:
        image = read_input(file, 3)
        if args.side_by_side:
            try:
                a, b = split_side_by_side(image, file)
            except ValueError as error:
                raise CLIError(str(error)) from error
            image, target = (a, b) if args.direction == "a_to_b" else (b, a)
            targets.append(resize_image(target, size))
        sizes.append(image.shape[:2])
        image = resize_image(image, size)
        if channels == 1:
            image = np.asarray(
                Image.fromarray(image).convert("L"), dtype=np.uint8
            )[..., None]
        inputs.append(image)
    batch = np.stack(inputs)
    options = {"batch_size": args.batch_size}
    parameters = inspect.signature(model.translate).parameters
    if "direction" in parameters:
        # CycleGAN: G (A to B) or F (B to A).
        options["direction"] = args.direction
    if "dropout" in parameters:
        options["dropout"] = False if args.no_dropout else None
    outputs = model.translate(batch, **options)

    out_paths = output_paths(args.output, paths, is_folder)
    for i, target_path in enumerate(out_paths):
        if args.side_by_side:
            target = targets[i].astype("float32") / 127.5 - 1.0
            if out_channels == 1:
                target = target.mean(axis=-1, keepdims=True)
            picture = triples(
                batch[i : i + 1].astype("float32") / 127.5 - 1.0,
                outputs[i : i + 1],
                target[None],
                padding=0,
            )
        else:
            picture = to_uint8(outputs[i])
            if picture.shape[-1] == 1:
                picture = picture[..., 0]
            if args.keep_size:
                height, width = sizes[i]
                picture = np.asarray(
                    Image.fromarray(picture).resize(
                        (width, height), Image.Resampling.BICUBIC
                    )
                )
        save_image(target_path, picture)
    where = os.path.abspath(args.output)
    print(f"Translated {len(paths)} image(s) with {path} into {where}")
    return 0
