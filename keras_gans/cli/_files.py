"""Inputs and outputs of the commands that map image files to image files
(`translate`, `colorize`, `upscale`): IN is one image or a folder of
images, OUT one image file or a folder."""

import os

from keras_gans.cli import CLIError


def input_images(path):
    """The image files named by IN, and whether IN is a folder."""
    from keras_gans.data.paired_images import list_images

    if os.path.isfile(path):
        return [path], False
    if os.path.isdir(path):
        try:
            return list_images(path, "IN"), True
        except ValueError as error:
            raise CLIError(str(error)) from error
    raise CLIError(
        "Expected IN to be an image file or a folder of images. "
        f"Received: IN={path}"
    )


def output_paths(output, files, is_folder):
    """Where each input's result goes.

    For a folder IN, or an OUT that is an existing folder, OUT is a folder
    (created if needed) of PNG files named after the inputs; otherwise OUT
    is the one output file.
    """
    if is_folder or os.path.isdir(output):
        if is_folder and not os.path.isdir(output):
            from PIL import Image

            extension = os.path.splitext(output)[1].lower()
            if extension in Image.registered_extensions():
                raise CLIError(
                    "Expected OUT to be a folder for a folder IN. Received: "
                    f"OUT={output}, an image file name"
                )
        os.makedirs(output, exist_ok=True)
        return [
            os.path.join(
                output, os.path.splitext(os.path.basename(f))[0] + ".png"
            )
            for f in files
        ]
    return [output]


def read_input(path, channels):
    """One IN image as uint8 `(height, width, channels)`; a CLIError names
    the file when it cannot be read."""
    from PIL import UnidentifiedImageError

    from keras_gans.data.paired_images import read_image

    try:
        return read_image(path, channels)
    except (ValueError, OSError, UnidentifiedImageError) as error:
        raise CLIError(
            f"Expected a readable image. Received: IN image {path} ({error})"
        ) from error
