"""Streams of images for evaluation, as uint8 batches.

Every source is turned into batches of `uint8` images of shape
`(batch, height, width, channels)`, the form in which real data sets are
stored. Float images are taken to be generator outputs in [-1, 1] and are
quantized like an image written to disk: `round((x + 1) * 127.5)`, clipped
to [0, 255]. Comparing quantized fakes with quantized reals is what makes
numbers comparable with published ones.

Sources:
- a numpy array (or anything `np.asarray` accepts), `(n, h, w[, c])`,
  uint8 in [0, 255] or float in [-1, 1];
- a folder of image files (`.png`, `.jpg`, `.jpeg`, `.bmp`, `.webp`),
  read in sorted order, one batch at a time;
- a `.npy` file (memory-mapped);
- a GAN (anything with `generate(num_images, seed=...)`), which draws
  `num_samples` images batch by batch;
- any other iterable of batches (a Python generator, a `tf.data.Dataset`,
  a torch `DataLoader` yielding image arrays).
"""

import os

import numpy as np

from keras_gans.data.paired_images import IMAGE_EXTENSIONS


# Generator outputs pass through tanh, but resizing or bfloat16 may push
# them a hair past the bounds.
_RANGE_TOLERANCE = 1e-2


def to_uint8(images, name="images"):
    """Checks the range of a batch and returns it as uint8 NHWC."""
    images = np.asarray(images)
    if images.ndim == 3:
        images = images[..., None]
    if images.ndim != 4 or images.shape[-1] not in (1, 3):
        raise ValueError(
            "Expected images of shape (num_images, height, width, channels) "
            "with 1 or 3 channels. "
            f"Received: {name}.shape={images.shape}"
        )
    if images.dtype == np.uint8:
        return images
    if images.size == 0:
        return images.astype(np.uint8)
    low, high = float(np.min(images)), float(np.max(images))
    if np.issubdtype(images.dtype, np.integer):
        if low < 0 or high > 255:
            raise ValueError(
                "Expected integer images in [0, 255]. "
                f"Received: {name} in [{low}, {high}]"
            )
        return images.astype(np.uint8)
    if not np.isfinite(low) or not np.isfinite(high):
        raise ValueError(
            f"Expected finite images. Received: {name} with NaN "
            "or infinite values"
        )
    tol = _RANGE_TOLERANCE
    if low < -1 - tol or high > 1 + tol:
        raise ValueError(
            "Expected float images in [-1, 1] (generator outputs) or uint8 "
            f"images in [0, 255]. Received: {name} in [{low:.4g}, "
            f"{high:.4g}] with dtype {images.dtype}"
        )
    scaled = np.rint((images.astype(np.float32) + 1.0) * 127.5)
    return np.clip(scaled, 0, 255).astype(np.uint8)


def is_generator_model(source):
    return hasattr(source, "generate") and hasattr(source, "latent_dim")


def list_image_files(folder):
    names = sorted(
        n for n in os.listdir(folder) if n.lower().endswith(IMAGE_EXTENSIONS)
    )
    if not names:
        raise ValueError(
            f"Expected image files ({', '.join(IMAGE_EXTENSIONS)}) in the "
            f"folder. Received: a folder without images: {folder!r}"
        )
    return [os.path.join(folder, n) for n in names]


def _read_image(path):
    from PIL import Image

    with Image.open(path) as image:
        mode = "L" if image.mode in ("L", "I;16", "1") else "RGB"
        return np.asarray(image.convert(mode))


def _folder_batches(files, indices, batch_size):
    shape = None
    for start in range(0, len(indices), batch_size):
        batch = [
            _read_image(files[i]) for i in indices[start : start + batch_size]
        ]
        for path_index, image in zip(indices[start:], batch):
            if shape is None:
                shape = image.shape
            if image.shape != shape:
                raise ValueError(
                    "Expected images of one size in the folder. Received: "
                    f"{files[path_index]!r} of shape {image.shape}, others "
                    f"of shape {shape}"
                )
        yield to_uint8(np.stack(batch))


def _subset(total, num_samples, seed):
    """Indices of the images used: all, or a seeded random subset."""
    if num_samples is None or num_samples >= total:
        return np.arange(total)
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(total, size=num_samples, replace=False))


def count(source, num_samples=None):
    """Number of images a source will yield, or None if unknown."""
    if is_generator_model(source):
        return num_samples
    if isinstance(source, (str, os.PathLike)):
        source = os.fspath(source)
        if os.path.isdir(source):
            total = len(list_image_files(source))
        elif source.endswith(".npy"):
            total = len(np.load(source, mmap_mode="r"))
        else:
            return None
    elif isinstance(source, np.ndarray):
        total = len(source)
    else:
        return num_samples
    return total if num_samples is None else min(total, num_samples)


def iterate_batches(source, batch_size=64, num_samples=None, seed=0):
    """Yields uint8 batches `(batch, h, w, c)` from an image source.

    Args:
        source: see the module docstring.
        batch_size: images per batch.
        num_samples: how many images to use. Arrays and folders use a
            seeded random subset when they hold more; a GAN needs it.
        seed: seed of that subset, and of a GAN's latents.
    """
    if is_generator_model(source):
        if num_samples is None:
            raise ValueError(
                "Expected `num_samples` when the images come from a "
                f"generator. Received: num_samples=None for {source!r}"
            )
        for i, start in enumerate(range(0, num_samples, batch_size)):
            n = min(batch_size, num_samples - start)
            # One seed per batch keeps the draw independent of batch size
            # only up to the batch split; fixed seeds keep runs repeatable.
            images = source.generate(n, seed=None if seed is None else seed + i)
            yield to_uint8(images, name="generated images")
        return
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if os.path.isdir(path):
            files = list_image_files(path)
            indices = _subset(len(files), num_samples, seed)
            yield from _folder_batches(files, indices, batch_size)
            return
        if path.endswith(".npy") and os.path.isfile(path):
            source = np.load(path, mmap_mode="r")
        else:
            raise ValueError(
                "Expected a folder of images or a .npy file. "
                f"Received: {path!r}"
            )
    if isinstance(source, np.ndarray) or (
        hasattr(source, "shape")
        and hasattr(source, "__len__")
        and not hasattr(source, "__next__")
        and getattr(source, "ndim", 0) >= 3
    ):
        indices = _subset(len(source), num_samples, seed)
        for start in range(0, len(indices), batch_size):
            chunk = indices[start : start + batch_size]
            yield to_uint8(np.asarray(source[chunk]))
        return
    if isinstance(source, (list, tuple)):
        source = np.asarray(source)
        yield from iterate_batches(source, batch_size, num_samples, seed)
        return
    if hasattr(source, "__iter__"):
        seen = 0
        for batch in source:
            if isinstance(batch, (tuple, list)) and not np.isscalar(batch[0]):
                batch = batch[0]  # (images, labels) pairs
            if hasattr(batch, "numpy"):
                batch = batch.numpy()
            batch = to_uint8(batch)
            if num_samples is not None:
                batch = batch[: num_samples - seen]
            seen += len(batch)
            if len(batch):
                yield batch
            if num_samples is not None and seen >= num_samples:
                return
        return
    raise ValueError(
        "Expected images as an array, a folder, a .npy file, a GAN or an "
        f"iterable of batches. Received: {type(source).__name__}"
    )
