"""STAND-IN for keras_gans.data, which is being built on branch `data`.

Delete this module, and import `load_digits` and `load_dataset` from
`keras_gans.data` in keras_gans/cli/recipes/dcgan.py, once that module is
on main. It mirrors the agreed signatures on scikit-learn's digits only.
"""

import numpy as np


def load_digits(image_size=28, channels=1, return_labels=False):
    from PIL import Image
    from sklearn import datasets

    digits = datasets.load_digits()
    pixels = np.round(digits.images * (255.0 / 16.0)).astype("uint8")
    out = np.empty((len(pixels), image_size, image_size, channels), "uint8")
    for i, image in enumerate(pixels):
        image = Image.fromarray(image).resize(
            (image_size, image_size), Image.Resampling.BICUBIC
        )
        out[i] = np.asarray(image)[..., None]
    images = out.astype("float32") / 127.5 - 1.0
    if return_labels:
        return (
            images,
            digits.target.astype("int32"),
            [str(d) for d in range(10)],
        )
    return images


def load_dataset(name_or_path, image_shape, return_labels=False):
    if name_or_path != "digits":
        raise ValueError(
            "Expected dataset 'digits' (the stand-in loader knows no other). "
            f"Received: name_or_path={name_or_path!r}"
        )
    return load_digits(image_shape[0], image_shape[2], return_labels)
