"""Paired images for image-to-image translation: loading and augmentation.

Two layouts on disk, both used by the Pix2Pix data sets:

- one folder of side-by-side images, each holding A (left half) and B
  (right half);
- two folders, A and B, holding images with the same file names.

`PairedImageDataset` feeds such pairs to `fit` with the paper's random
jitter (resize up, random crop back) and mirroring, drawn afresh every
epoch and applied identically to both images of a pair.
"""

import math
import os

import numpy as np
import keras
from PIL import Image
from PIL import ImageOps

IMAGE_EXTENSIONS = (
    ".png",
    ".jpg",
    ".jpeg",
    ".bmp",
    ".gif",
    ".tif",
    ".tiff",
    ".webp",
)


def list_images(directory, name="directory"):
    """Sorted paths of the image files in `directory` (not recursive)."""
    if not os.path.isdir(directory):
        raise ValueError(
            f"Expected `{name}` to be an existing folder of images. "
            f"Received: {name}={directory!r}"
        )
    paths = sorted(
        os.path.join(directory, f)
        for f in os.listdir(directory)
        if f.lower().endswith(IMAGE_EXTENSIONS)
        and os.path.isfile(os.path.join(directory, f))
    )
    if not paths:
        kinds = ", ".join(IMAGE_EXTENSIONS)
        raise ValueError(
            f"Expected `{name}` to contain images ({kinds}). "
            f"Received: {name}={directory!r}, which has none"
        )
    return paths


def read_image(path, channels=3):
    """An image file as a uint8 array `(height, width, channels)`."""
    mode = {1: "L", 3: "RGB"}.get(channels)
    if mode is None:
        raise ValueError(
            f"Expected `channels` to be 1 or 3. Received: channels={channels!r}"
        )
    with Image.open(path) as image:
        # Photographs often store their orientation apart from the pixels.
        image = ImageOps.exif_transpose(image)
        array = np.asarray(image.convert(mode), dtype=np.uint8)
    return array.reshape(array.shape[:2] + (channels,))


def resize_image(image, size):
    """A uint8 `(h, w, c)` image resized to `(size, size, c)` (bicubic,
    antialiased when shrinking)."""
    image = np.asarray(image)
    if image.shape[:2] == (size, size):
        return image.astype(np.uint8)
    channels = image.shape[-1]
    pil = Image.fromarray(image[..., 0] if channels == 1 else image)
    resized = np.asarray(
        pil.resize((size, size), Image.Resampling.BICUBIC), dtype=np.uint8
    )
    return resized.reshape((size, size, channels))


def split_side_by_side(image, path="image"):
    """Splits an A|B image into its left (A) and right (B) halves."""
    width = image.shape[1]
    if width % 2:
        raise ValueError(
            "Expected side-by-side A|B images of even width. "
            f"Received: {path} of shape {image.shape}"
        )
    return image[:, : width // 2], image[:, width // 2 :]


def load_image_pairs(
    directory,
    target_directory=None,
    image_size=256,
    input_channels=3,
    output_channels=3,
    direction="a_to_b",
):
    """Loads aligned pairs from disk as uint8 arrays.

    Args:
        directory: a folder of side-by-side A|B images or, with
            `target_directory`, the folder of A images.
        target_directory: the folder of B images; each must have the file
            name (without extension) of an A image and the same size.
        image_size: side of the square arrays returned (each half is
            resized to it).
        input_channels: 1 (greyscale) or 3 (RGB) for the inputs.
        output_channels: 1 or 3 for the targets.
        direction: `"a_to_b"` (inputs are A) or `"b_to_a"`.

    Returns:
        `(inputs, targets)`, uint8 arrays of shape
        `(num_pairs, image_size, image_size, channels)`.

    Raises:
        ValueError: a missing or empty folder, files that do not pair up,
            a pair whose two images differ in size, an odd-width A|B image.
    """
    if direction not in ("a_to_b", "b_to_a"):
        raise ValueError(
            "Expected `direction` to be 'a_to_b' or 'b_to_a'. "
            f"Received: direction={direction!r}"
        )
    pairs = []
    if target_directory is None:
        for path in list_images(directory, "directory"):
            pairs.append(split_side_by_side(read_image(path), path))
    else:
        a_paths = list_images(directory, "directory")
        b_paths = list_images(target_directory, "target_directory")
        b_by_stem = {_stem(p): p for p in b_paths}
        missing = [
            os.path.basename(p) for p in a_paths if _stem(p) not in b_by_stem
        ]
        extra = sorted(set(b_by_stem) - {_stem(p) for p in a_paths})
        if missing or extra:
            raise ValueError(
                "Expected the two folders to hold images with the same file "
                f"names. Received: {len(missing)} in directory without a "
                f"match (e.g. {missing[:3]}), {len(extra)} in "
                f"target_directory without a match (e.g. {extra[:3]})"
            )
        for a_path in a_paths:
            b_path = b_by_stem[_stem(a_path)]
            a, b = read_image(a_path), read_image(b_path)
            if a.shape[:2] != b.shape[:2]:
                raise ValueError(
                    "Expected the two images of a pair to have the same "
                    f"size. Received: {a_path} of size {a.shape[:2]} and "
                    f"{b_path} of size {b.shape[:2]}"
                )
            pairs.append((a, b))
    if direction == "b_to_a":
        pairs = [(b, a) for a, b in pairs]
    inputs = np.stack(
        [
            _channels(resize_image(a, image_size), input_channels)
            for a, _ in pairs
        ]
    )
    targets = np.stack(
        [
            _channels(resize_image(b, image_size), output_channels)
            for _, b in pairs
        ]
    )
    return inputs, targets


def _stem(path):
    return os.path.splitext(os.path.basename(path))[0]


def _channels(image, channels):
    if channels == image.shape[-1]:
        return image
    if channels == 1:
        # ITU-R 601 luma, as PIL's "L" mode.
        weights = np.array([0.299, 0.587, 0.114])
        grey = np.rint(image.astype("float64") @ weights)
        return grey.astype(np.uint8)[..., None]
    return np.repeat(image, channels, axis=-1)


def jitter_size(image_size):
    """Side to resize up to before the random crop: 286 for 256 as in the
    paper, the same ratio at other sizes."""
    return int(math.ceil(image_size * 286 / 256))


class PairedImageDataset(keras.utils.PyDataset):
    """Batches of `(inputs, targets)` in [-1, 1] for `fit`.

    Every epoch reshuffles the pairs and, with `jitter`, draws for each
    pair a random crop of `image_size` from the pair resized up to
    `jitter_size(image_size)` (286 for 256, as in the Pix2Pix paper) and,
    with `mirror`, a horizontal flip with probability 1/2. Both images of
    a pair get the same crop and flip. The draws depend only on `seed`
    and the epoch, so a run is reproducible. Incomplete batches are
    dropped so that every step has the same shape.

    Args:
        inputs: uint8 (`[0, 255]`) or float (`[-1, 1]`) array
            `(num_pairs, size, size, channels)`.
        targets: array of the same length and size.
        batch_size: pairs per batch.
        jitter: random resize-and-crop.
        mirror: random horizontal flips.
        shuffle: reshuffle the pairs every epoch.
        seed: int seed of the draws.
        **kwargs: passed to `keras.utils.PyDataset` (`workers`, ...).
    """

    def __init__(
        self,
        inputs,
        targets,
        batch_size=1,
        jitter=True,
        mirror=True,
        shuffle=True,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        inputs, targets = np.asarray(inputs), np.asarray(targets)
        check_pairs(inputs, targets)
        if (
            isinstance(batch_size, bool)
            or not isinstance(batch_size, int)
            or not 1 <= batch_size <= len(inputs)
        ):
            raise ValueError(
                "Expected `batch_size` to be an int between 1 and the "
                f"number of pairs ({len(inputs)}). "
                f"Received: batch_size={batch_size!r}"
            )
        self.image_size = inputs.shape[1]
        self.batch_size = batch_size
        self.jitter = jitter
        self.mirror = mirror
        self.shuffle = shuffle
        self.seed = seed
        self.epoch = 0
        self._plan_epoch = None
        if jitter:
            big = jitter_size(self.image_size)
            inputs = np.stack([_resize_any(x, big) for x in inputs])
            targets = np.stack([_resize_any(y, big) for y in targets])
        self._inputs = inputs
        self._targets = targets

    @property
    def num_batches(self):
        return len(self._inputs) // self.batch_size

    def __len__(self):
        return self.num_batches

    def _plan(self):
        if self._plan_epoch != self.epoch:
            rng = np.random.default_rng(
                None if self.seed is None else [self.seed, self.epoch]
            )
            n = len(self._inputs)
            order = rng.permutation(n) if self.shuffle else np.arange(n)
            room = self._inputs.shape[1] - self.image_size
            offsets = rng.integers(0, room + 1, size=(n, 2))
            flips = rng.random(n) < 0.5 if self.mirror else np.zeros(n, bool)
            self._order, self._offsets, self._flips = order, offsets, flips
            self._plan_epoch = self.epoch
        return self._order, self._offsets, self._flips

    def __getitem__(self, index):
        order, offsets, flips = self._plan()
        picked = order[index * self.batch_size : (index + 1) * self.batch_size]
        size = self.image_size
        xs, ys = [], []
        for i in picked:
            top, left = offsets[i]
            x = self._inputs[i, top : top + size, left : left + size]
            y = self._targets[i, top : top + size, left : left + size]
            if flips[i]:
                x, y = x[:, ::-1], y[:, ::-1]
            xs.append(x)
            ys.append(y)
        return _unit(np.stack(xs)), _unit(np.stack(ys))

    def on_epoch_end(self):
        self.epoch += 1


def check_pairs(
    inputs, targets, image_size=None, input_channels=None, output_channels=None
):
    """Checks that two arrays hold aligned image pairs; raises otherwise."""
    if inputs.ndim != 4 or targets.ndim != 4:
        raise ValueError(
            "Expected inputs and targets as arrays of images "
            "(num_pairs, height, width, channels). Received: "
            f"inputs.shape={inputs.shape}, targets.shape={targets.shape}"
        )
    if len(inputs) != len(targets) or inputs.shape[1:3] != targets.shape[1:3]:
        raise ValueError(
            "Expected as many inputs as targets, with the same height and "
            f"width. Received: inputs.shape={inputs.shape}, "
            f"targets.shape={targets.shape}"
        )
    if len(inputs) == 0:
        raise ValueError("Expected at least one pair. Received: 0 pairs")
    want = (image_size, image_size)
    if image_size is not None and tuple(inputs.shape[1:3]) != want:
        raise ValueError(
            f"Expected images of size {image_size}x{image_size}. Received: "
            f"inputs.shape={inputs.shape}"
        )
    for name, array, channels in (
        ("inputs", inputs, input_channels),
        ("targets", targets, output_channels),
    ):
        if channels is not None and array.shape[-1] != channels:
            raise ValueError(
                f"Expected {name} with {channels} channels. Received: "
                f"{name}.shape={array.shape}"
            )


def _resize_any(image, size):
    if image.dtype == np.uint8:
        return resize_image(image, size)
    # Floats in [-1, 1]: through uint8 would lose precision; resize each
    # channel as a float image instead.
    channels = [
        np.asarray(
            Image.fromarray(image[..., c].astype("float32"), mode="F").resize(
                (size, size), Image.Resampling.BICUBIC
            )
        )
        for c in range(image.shape[-1])
    ]
    return np.clip(np.stack(channels, axis=-1), -1.0, 1.0).astype("float32")


def _unit(images):
    if images.dtype == np.uint8:
        return images.astype("float32") / 127.5 - 1.0
    return images.astype("float32")
