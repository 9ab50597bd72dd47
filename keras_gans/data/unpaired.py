"""Unpaired image data for CycleGAN: folders and an embedded default.

A data set is a dict of uint8 arrays: `train_a` and `train_b` hold the
training images of the two domains at the jitter size (see `load_size`),
`test_a` and `test_b` held-out images at the model's size (absent when the
data has none).

The embedded default (`skimage_domains`) needs no network. Its two domains
are real photographs of a different kind each, shipped with scikit-image:

- A, everyday photographs taken with ordinary cameras: the astronaut
  portrait, Chelsea the cat, a motorcycle in a workshop and a rocket on
  its launch pad for training; the photograph of a cup of coffee is held
  out. (With the cat held out instead, a colour classifier trained on the
  other photographs took its beige fur for stained tissue, so it could
  not have measured a move toward B.)
- B, a brightfield micrograph of tissue stained by immunohistochemistry
  (brown DAB and blue haematoxylin on a white background). scikit-image
  ships one such image, so its top three quarters train and its bottom
  quarter, which no training patch touches, is held out.

They differ in what makes an unpaired translation task: imaging process,
palette (scene colours against a brown/blue/white stain) and texture
(objects and smooth surfaces against cells and glands), while neither has a
pixel-aligned counterpart in the other, as in photo -> painting.
"""

import os

import numpy as np
from keras.utils import PyDataset

from keras_gans.data import _photos


def load_size(image_size):
    """Side of the images before the random crop: 286 for 256 as in the
    CycleGAN and Pix2Pix papers, scaled for other sizes."""
    return int(round(image_size * 286 / 256))


def _check_size(image_size):
    if (
        isinstance(image_size, bool)
        or not isinstance(image_size, int)
        or (image_size < 8)
    ):
        raise ValueError(
            "Expected `image_size` to be an int of at least 8. "
            f"Received: image_size={image_size!r}"
        )


def _read_domain(directory, size, channels, allow_greyscale, arg):
    paths = _photos.list_images(directory, arg)
    images = [_photos.read_image(p, channels, allow_greyscale) for p in paths]
    return np.stack([_photos.resize_image(im, size) for im in images])


def load_unpaired_folder(
    directory, image_size, channels=3, allow_greyscale=False
):
    """Reads CycleGAN's folder layout.

    `directory` holds `trainA/` and `trainB/`, and optionally `testA/` and
    `testB/` (both or neither), each a flat folder of images of any size.
    Training images are resized to `load_size(image_size)` for random
    cropping, test images to `image_size`, both as squares (as the paper's
    code does).

    Args:
        directory: the data set's root folder.
        image_size: side of the model's square images.
        channels: 3 (colour) or 1. Both domains use the same number.
        allow_greyscale: with `channels=3`, accept images without colour
            (repeated over three channels) instead of raising.

    Returns:
        A dict with `train_a`, `train_b` and, when present, `test_a`,
        `test_b`: uint8 arrays `(n, size, size, channels)`.

    Raises:
        ValueError: a missing or empty domain folder, test data for one
            domain only, or a greyscale image in a colour domain.
    """
    _check_size(image_size)
    if channels not in (1, 3):
        raise ValueError(
            f"Expected `channels` to be 1 or 3. Received: channels={channels!r}"
        )
    if not os.path.isdir(directory):
        raise ValueError(
            "Expected `directory` to be an existing folder with trainA/ and "
            f"trainB/. Received: directory={directory!r}"
        )
    present = {
        name: os.path.isdir(os.path.join(directory, name))
        for name in ("trainA", "trainB", "testA", "testB")
    }
    if not (present["trainA"] and present["trainB"]):
        raise ValueError(
            "Expected both domain folders trainA/ and trainB/ in "
            f"`directory`. Received: directory={directory!r} with "
            f"{sorted(n for n, ok in present.items() if ok)}"
        )
    if present["testA"] != present["testB"]:
        raise ValueError(
            "Expected held-out folders for both domains (testA/ and testB/) "
            f"or neither. Received: directory={directory!r} with "
            f"{sorted(n for n, ok in present.items() if ok)}"
        )
    data = {}
    for key, name, size in (
        ("train_a", "trainA", load_size(image_size)),
        ("train_b", "trainB", load_size(image_size)),
        ("test_a", "testA", image_size),
        ("test_b", "testB", image_size),
    ):
        if present[name]:
            data[key] = _read_domain(
                os.path.join(directory, name),
                size,
                channels,
                allow_greyscale,
                arg=name,
            )
    return data


def _photo(name):
    from skimage import data

    if name == "motorcycle":
        return data.stereo_motorcycle()[0]
    return getattr(data, name)()


# Photographs of each domain and their scale: the short side after
# downscaling, in units of the model's image size, so that a patch shows a
# recognisable part of the scene (domain A) or a few cells (domain B).
DOMAIN_A_TRAIN = ("astronaut", "chelsea", "motorcycle", "rocket")
DOMAIN_A_TEST = ("coffee",)
DOMAIN_B = "immunohistochemistry"
_SCALE_A = 4.5
_SCALE_B = 8


def skimage_domains(image_size=64):
    """The embedded CycleGAN default: everyday photographs (A) and a
    stained-tissue micrograph (B), as patches. See the module docstring.

    Training patches (at `load_size(image_size)`, overlapping, on a grid
    with a stride of a quarter patch) and held-out patches (at
    `image_size`, not overlapping) never come from the same pixels.
    """
    _check_size(image_size)
    jitter = load_size(image_size)
    stride = max(1, jitter // 4)

    def cut(array, scale, size, step):
        small = _photos.scale_short_side(array, int(scale * image_size))
        return _photos.patches(small, size, step)

    train_a = np.concatenate(
        [cut(_photo(n), _SCALE_A, jitter, stride) for n in DOMAIN_A_TRAIN]
    )
    test_a = np.concatenate(
        [
            cut(_photo(n), _SCALE_A, image_size, image_size)
            for n in DOMAIN_A_TEST
        ]
    )
    tissue = _photos.scale_short_side(
        _photo(DOMAIN_B), int(_SCALE_B * image_size)
    )
    split = tissue.shape[0] * 3 // 4
    train_b = _photos.patches(tissue[:split], jitter, stride)
    test_b = _photos.patches(tissue[split:], image_size, image_size)
    return {
        "train_a": train_a,
        "train_b": train_b,
        "test_a": test_a,
        "test_b": test_b,
    }


class RandomCropBatches(PyDataset):
    """Batches of random crops, with mirroring, from one or more image sets.

    Each set is an array `(n, h, w, c)` (uint8, or floats in [-1, 1]) with
    h, w >= `image_size`; each batch holds `batch_size` random crops of
    `image_size` from every set, as float32 in [-1, 1]: one array for one
    set, a tuple for several (for CycleGAN, `(a, b)`, which `fit` receives
    as `(x, y)`). The sets are
    drawn independently: an epoch is one pass over the largest set in a new
    random order, while the smaller ones are drawn in random order,
    repeating as needed. Incomplete batches are dropped.

    Args:
        *image_sets: the uint8 image arrays.
        batch_size: images per batch and set.
        image_size: side of the crops.
        flip: mirror each crop left-right with probability 1/2.
        seed: seed of the order and the crops; the same seed gives the same
            batches.
        **kwargs: passed to `keras.utils.PyDataset` (workers, ...).
    """

    def __init__(
        self,
        *image_sets,
        batch_size=1,
        image_size=None,
        flip=True,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if not image_sets:
            raise ValueError("Expected at least one image set. Received: none")
        sets = [
            _photos.check_images(s, f"image_sets[{i}]")
            for i, s in enumerate(image_sets)
        ]
        if image_size is None:
            image_size = min(min(s.shape[1:3]) for s in sets)
        for i, s in enumerate(sets):
            if min(s.shape[1:3]) < image_size or s.shape[3] != sets[0].shape[3]:
                raise ValueError(
                    f"Expected every image set to hold images of at least "
                    f"{image_size}x{image_size} with {sets[0].shape[3]} "
                    f"channels. Received: image_sets[{i}].shape={s.shape}"
                )
        largest = max(len(s) for s in sets)
        if (
            isinstance(batch_size, bool)
            or not isinstance(batch_size, int)
            or not 1 <= batch_size <= largest
        ):
            raise ValueError(
                f"Expected `batch_size` between 1 and {largest} (the size of "
                f"the largest image set). Received: batch_size={batch_size!r}"
            )
        self.image_sets = sets
        self.batch_size = batch_size
        self.image_size = image_size
        self.flip = flip
        self.seed = 0 if seed is None else seed
        self._epoch = 0
        self._orders = self._draw_orders()

    def _draw_orders(self):
        rng = np.random.default_rng([self.seed, self._epoch])
        largest = max(len(s) for s in self.image_sets)
        orders = []
        for s in self.image_sets:
            repeats = -(-largest // len(s))
            order = np.concatenate(
                [rng.permutation(len(s)) for _ in range(repeats)]
            )
            orders.append(order[:largest])
        return orders

    def __len__(self):
        return max(len(s) for s in self.image_sets) // self.batch_size

    @property
    def num_batches(self):
        return len(self)

    def __getitem__(self, index):
        if not 0 <= index < len(self):
            raise IndexError(
                f"Expected a batch index below {len(self)}. Received: "
                f"index={index}"
            )
        rng = np.random.default_rng([self.seed, self._epoch, index, 1])
        batch = slice(index * self.batch_size, (index + 1) * self.batch_size)
        out = tuple(
            _photos.to_float(
                _photos.random_crop_flip(
                    s[order[batch]], self.image_size, rng, self.flip
                )
            )
            for s, order in zip(self.image_sets, self._orders)
        )
        return out[0] if len(out) == 1 else out

    def on_epoch_end(self):
        self._epoch += 1
        self._orders = self._draw_orders()
