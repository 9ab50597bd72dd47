"""Training pairs for super-resolution: high-resolution crops and their
bicubic downscaled versions.

Low-resolution images are made with Pillow's bicubic resampling
(`Image.resize(..., Image.BICUBIC)`): a cubic convolution kernel with
a = -0.5 whose support widens with the downscaling factor, so it
low-pass filters like MATLAB's `imresize` (antialiasing on), the usual way
SR data sets are made. The result is rounded to 8 bits, as an image file
would be. The bicubic baseline upscales the same way.
"""

import os

import keras
import numpy as np
from PIL import Image
from PIL import ImageOps

from keras_gans.data.images import RESAMPLE
from keras_gans.data.images import to_unit_range
from keras_gans.data.paired_images import IMAGE_EXTENSIONS


# scikit-image's bundled photographs. The held-out ones are never used for
# training. Grayscale photographs (camera and after) are repeated over three
# channels: they add luma detail, which is what PSNR and SSIM measure.
# Left out: motorcycle_right (a stereo twin of motorcycle_left), retina and
# hubble_deep_field (mostly black), synthetic and binary images.
TRAIN_PHOTOGRAPHS = (
    "astronaut",
    "rocket",
    "motorcycle_left",
    "immunohistochemistry",
    "camera",
    "coins",
    "moon",
    "brick",
    "grass",
    "gravel",
)
HELD_OUT_PHOTOGRAPHS = ("chelsea", "coffee")


def _skimage_photograph(name):
    from skimage import data

    if name == "motorcycle_left":
        image = data.stereo_motorcycle()[0]
    else:
        image = getattr(data, name)()
    if image.ndim == 2:
        image = np.repeat(image[..., None], 3, axis=-1)
    return image[..., :3]


def embedded_photographs(split="train"):
    """scikit-image's bundled photographs as uint8 RGB arrays.

    Args:
        split: `"train"` (`TRAIN_PHOTOGRAPHS`: astronaut, rocket,
            motorcycle, immunohistochemistry, and the grayscale camera,
            coins, moon, brick, grass and gravel as RGB) or `"test"`
            (`HELD_OUT_PHOTOGRAPHS`: chelsea and coffee), which are disjoint.
    """
    if split not in ("train", "test"):
        raise ValueError(
            "Expected `split` to be 'train' or 'test'. "
            f"Received: split={split!r}"
        )
    names = TRAIN_PHOTOGRAPHS if split == "train" else HELD_OUT_PHOTOGRAPHS
    return [_skimage_photograph(name) for name in names]


def load_high_res_images(directory, min_size=None):
    """Every image file under `directory`, at its own size, as uint8 RGB.

    Unlike `keras_gans.data.load_image_folder`, nothing is resized: the
    crops are cut from the full-resolution images.

    Args:
        directory: a folder, searched recursively, in sorted order.
        min_size: skip images whose height or width is below this.
    """
    if not os.path.isdir(directory):
        raise ValueError(
            "Expected `directory` to be a folder of images. "
            f"Received: directory={directory!r}"
        )
    images = []
    for root, _, files in sorted(os.walk(directory)):
        for name in sorted(files):
            if not name.lower().endswith(IMAGE_EXTENSIONS):
                continue
            with Image.open(os.path.join(root, name)) as image:
                image = ImageOps.exif_transpose(image)
                array = np.asarray(image.convert("RGB"))
            if min_size and min(array.shape[:2]) < min_size:
                continue
            images.append(array)
    if not images:
        raise ValueError(
            f"Expected image files ({', '.join(IMAGE_EXTENSIONS)}) of at least "
            f"{min_size or 1} pixels a side. Received: directory={directory!r}"
            " holds none"
        )
    return images


def _as_uint8(image, arg="image"):
    image = np.asarray(image)
    if (
        image.dtype != np.uint8
        or image.ndim != 3
        or image.shape[-1] not in (1, 3)
    ):
        raise ValueError(
            f"Expected `{arg}` to be a uint8 array (height, width, 1 or 3). "
            f"Received: {arg}.dtype={image.dtype}, {arg}.shape={image.shape}"
        )
    return image


def _resize(image, size):
    channels = image.shape[-1]
    pil = Image.fromarray(image[..., 0] if channels == 1 else image)
    out = np.asarray(pil.resize(size, RESAMPLE))
    return out[..., None] if channels == 1 else out


def bicubic_downscale(image, scale):
    """Downscales a uint8 image by `scale` (cropped to a multiple first)."""
    image = _as_uint8(image)
    h, w = image.shape[0] // scale, image.shape[1] // scale
    image = image[: h * scale, : w * scale]
    return _resize(image, (w, h))


def bicubic_upscale(image, scale):
    """Upscales a uint8 image by `scale`: the baseline of SR tables."""
    image = _as_uint8(image)
    return _resize(image, (image.shape[1] * scale, image.shape[0] * scale))


def _random_crop(rng, images, crop_size):
    while True:
        image = images[rng.integers(len(images))]
        h, w = image.shape[:2]
        if h >= crop_size and w >= crop_size:
            break
    top = rng.integers(h - crop_size + 1)
    left = rng.integers(w - crop_size + 1)
    return image[top : top + crop_size, left : left + crop_size]


def _check_crops(images, crop_size, scale):
    if not images:
        raise ValueError("Expected at least one image. Received: images=[]")
    for i, image in enumerate(images):
        _as_uint8(image, f"images[{i}]")
    if crop_size % scale:
        raise ValueError(
            f"Expected `crop_size` divisible by `scale` ({scale}). "
            f"Received: crop_size={crop_size}"
        )
    if max(min(image.shape[:2]) for image in images) < crop_size:
        raise ValueError(
            f"Expected at least one image of {crop_size} pixels a side or "
            f"more. Received: crop_size={crop_size}"
        )


def make_crops(images, num_crops, crop_size=96, scale=4, seed=0):
    """A fixed set of `(low_res, high_res)` uint8 crop pairs.

    Crops are drawn uniformly over images, then over positions; the same
    seed gives the same crops. For evaluation on held-out images.

    Returns:
        `(low_res, high_res)` uint8 arrays of shapes
        `(num_crops, crop_size // scale, crop_size // scale, C)` and
        `(num_crops, crop_size, crop_size, C)`.
    """
    _check_crops(images, crop_size, scale)
    rng = np.random.default_rng(seed)
    high = np.stack(
        [_random_crop(rng, images, crop_size) for _ in range(num_crops)]
    )
    low = np.stack([bicubic_downscale(crop, scale) for crop in high])
    return low, high


class SuperResolutionCrops(keras.utils.PyDataset):
    """Random crops of high-resolution images with bicubic low-res inputs.

    Every batch draws new crops, so an epoch of `steps_per_epoch` batches
    is a fresh sample of the images; batches are reproducible from `seed`
    and the batch index. Yields `(low_res, high_res)` float32 batches in
    [-1, 1], shaped `(batch, crop_size // scale, crop_size // scale, C)`
    and `(batch, crop_size, crop_size, C)`, for `SRGAN.fit`.

    Args:
        images: uint8 arrays `(height, width, C)` of any sizes.
        crop_size: side of the high-resolution crops (the paper's 96).
        scale: downscaling factor.
        batch_size: pairs per batch (the paper's 16).
        steps_per_epoch: batches per epoch.
        seed: seed of the crop positions.
    """

    def __init__(
        self,
        images,
        crop_size=96,
        scale=4,
        batch_size=16,
        steps_per_epoch=100,
        seed=0,
        **kwargs,
    ):
        super().__init__(**kwargs)
        _check_crops(list(images), crop_size, scale)
        self.images = list(images)
        self.crop_size = crop_size
        self.scale = scale
        self.batch_size = batch_size
        self.steps_per_epoch = steps_per_epoch
        self.seed = seed
        self._epoch = 0

    def __len__(self):
        return self.steps_per_epoch

    def on_epoch_end(self):
        self._epoch += 1

    def __getitem__(self, index):
        rng = np.random.default_rng((self.seed, self._epoch, index))
        high = np.stack(
            [
                _random_crop(rng, self.images, self.crop_size)
                for _ in range(self.batch_size)
            ]
        )
        low = np.stack([bicubic_downscale(c, self.scale) for c in high])
        return to_unit_range(low), to_unit_range(high)
