"""A folder of image files, with class sub-folders as labels."""

import pathlib

import numpy as np
from PIL import Image
from PIL import ImageOps
from PIL import UnidentifiedImageError

from keras_gans.data.images import RESAMPLE
from keras_gans.data.images import check_size
from keras_gans.data.images import mode
from keras_gans.data.images import to_unit_range


def _readable_extensions():
    Image.init()
    return {
        ext
        for ext, fmt in Image.registered_extensions().items()
        if fmt in Image.OPEN
    }


def _image_files(folder, extensions, recursive):
    pattern = "**/*" if recursive else "*"
    return sorted(
        p
        for p in folder.glob(pattern)
        if p.is_file()
        and p.suffix.lower() in extensions
        and not p.name.startswith(".")
    )


def _load_image(file, image_size, channels):
    try:
        with Image.open(file) as image:
            image = ImageOps.exif_transpose(image).convert(mode(channels))
    except (OSError, UnidentifiedImageError) as err:
        raise ValueError(
            "Expected a readable image file. "
            f"Received: path={str(file)!r} ({err})"
        ) from err
    # Centre crop to a square, then resize: keeps the aspect ratio.
    image = ImageOps.fit(image, (image_size, image_size), method=RESAMPLE)
    return np.asarray(image).reshape(image_size, image_size, channels)


def load_image_folder(path, image_size, channels=3, return_labels=False):
    """Loads every image file in a folder, resized for a GAN.

    Any format and size Pillow reads is accepted. Each image is cropped to
    the largest centred square (keeping its aspect ratio), resized to
    `image_size` with Pillow's bicubic filter, converted to `channels`
    (greyscale is replicated to RGB; RGB becomes luma; alpha is dropped)
    and scaled to [-1, 1].

    Layout: either image files directly in `path` (no labels), or one
    sub-folder per class, searched recursively; the sorted sub-folder names
    are the classes 0..K-1. Hidden files and folders are skipped.

    Args:
        path: the folder.
        image_size: output height and width.
        channels: 1 or 3.
        return_labels: also return labels and class names; needs class
            sub-folders.

    Returns:
        float32 images `(num, image_size, image_size, channels)` in [-1, 1];
        with `return_labels`, `(images, labels, class_names)` with int32
        labels.

    Raises:
        ValueError: `path` is not a folder, holds no image files, mixes
            loose images with class sub-folders, or an image is unreadable.
    """
    image_size, channels = check_size(image_size, channels)
    root = pathlib.Path(path)
    if not root.is_dir():
        raise ValueError(
            "Expected a folder of images. "
            f"Received: path={str(path)!r}, which is not a folder"
        )
    extensions = _readable_extensions()
    loose = _image_files(root, extensions, recursive=False)
    classes = {}
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and not folder.name.startswith("."):
            files = _image_files(folder, extensions, recursive=True)
            if files:
                classes[folder.name] = files

    if not loose and not classes:
        raise ValueError(
            "Expected image files (e.g. .png, .jpg) in the folder or in its "
            f"class sub-folders. Received: path={str(path)!r} with no image "
            "files"
        )
    if loose and classes:
        raise ValueError(
            "Expected either image files or class sub-folders, not both. "
            f"Received: path={str(path)!r} with {len(loose)} loose images "
            f"and sub-folders {sorted(classes)}"
        )
    if return_labels and not classes:
        raise ValueError(
            "Expected one sub-folder per class to give labels. "
            f"Received: path={str(path)!r} with only loose image files"
        )

    if classes:
        class_names = list(classes)
        files = [f for name in class_names for f in classes[name]]
        labels = np.concatenate(
            [np.full(len(classes[n]), i) for i, n in enumerate(class_names)]
        ).astype("int32")
    else:
        files = loose
    images = np.stack([_load_image(f, image_size, channels) for f in files])
    images = to_unit_range(images)
    if not return_labels:
        return images
    return images, labels, class_names
