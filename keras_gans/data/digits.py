"""scikit-learn's bundled handwritten digits, ready for a GAN."""

import numpy as np
from sklearn import datasets

from keras_gans.data.images import check_size
from keras_gans.data.images import resize_images
from keras_gans.data.images import to_unit_range


def load_digits(image_size=28, channels=1, return_labels=False):
    """Loads the 1,797 handwritten digits bundled with scikit-learn.

    The originals are 8x8 with 17 grey levels (0..16); they are quantized to
    uint8, resized with Pillow's bicubic filter and scaled to [-1, 1]. No
    network is needed.

    Args:
        image_size: output height and width.
        channels: 1, or 3 to replicate the grey channel.
        return_labels: also return the digit of each image.

    Returns:
        float32 images `(1797, image_size, image_size, channels)` in [-1, 1];
        with `return_labels`, `(images, labels, class_names)` where labels
        are int32 in 0..9 and `class_names` is `["0", ..., "9"]`.
    """
    image_size, channels = check_size(image_size, channels)
    digits = datasets.load_digits()
    images = np.round(digits.images * (255.0 / 16.0)).astype(np.uint8)
    images = to_unit_range(resize_images(images, image_size, channels))
    if not return_labels:
        return images
    class_names = [str(d) for d in range(10)]
    return images, digits.target.astype("int32"), class_names
