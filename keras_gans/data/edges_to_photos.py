"""An edges-to-photo pair set cut from photographs shipped with
scikit-image, for Pix2Pix without a download.

The input of each pair is an edge map (black Canny edges on white, three
channels, as in the paper's edges-to-shoes and edges-to-handbags sets) and
the target the photograph it was drawn from. Training pairs are
overlapping crops of five photographs at three scales; held-out pairs are
non-overlapping crops of another photograph, so the test scene is never
seen in training.
"""

import numpy as np

# The natural colour photographs among scikit-image's bundled images. The
# two motorcycle views show the same scene, so both stay on the training
# side. The held-out cat shares its warm browns with the coffee cup, the
# way a test set shares its distribution with a training set.
TRAIN_PHOTOS = (
    "astronaut",
    "coffee",
    "rocket",
    "motorcycle_left",
    "motorcycle_right",
)
TEST_PHOTOS = ("chelsea",)

# Short sides (as multiples of the crop size) that each photograph is
# resized to before cropping: several scales give the network edges of
# several densities.
SCALES = (2, 3, 4)


def _photo(name):
    from skimage import data

    if name == "motorcycle_left":
        return data.stereo_motorcycle()[0]
    if name == "motorcycle_right":
        return data.stereo_motorcycle()[1]
    return getattr(data, name)()


def edge_map(photo, sigma=2.0):
    """Black-on-white Canny edges of a uint8 RGB photo, as uint8 RGB."""
    from skimage import color
    from skimage import feature

    edges = feature.canny(color.rgb2gray(photo), sigma=sigma)
    image = np.where(edges, 0, 255).astype(np.uint8)
    return np.repeat(image[..., None], 3, axis=-1)


def _resize_short_side(photo, short):
    from PIL import Image

    h, w = photo.shape[:2]
    scale = short / min(h, w)
    size = (max(short, round(w * scale)), max(short, round(h * scale)))
    pil = Image.fromarray(photo).resize(size, Image.Resampling.LANCZOS)
    return np.asarray(pil, dtype=np.uint8)


def _crops(names, image_size, stride_fraction):
    inputs, targets = [], []
    stride = max(1, int(image_size * stride_fraction))
    for name in names:
        photo = _photo(name)
        for scale in SCALES:
            small = _resize_short_side(photo, scale * image_size)
            edges = edge_map(small)
            h, w = small.shape[:2]
            for top in range(0, h - image_size + 1, stride):
                for left in range(0, w - image_size + 1, stride):
                    window = np.s_[
                        top : top + image_size, left : left + image_size
                    ]
                    inputs.append(edges[window])
                    targets.append(small[window])
    return np.stack(inputs), np.stack(targets)


def load_edges_to_photos(image_size=64):
    """Edges-to-photo pairs from scikit-image's photographs.

    Args:
        image_size: side of the square crops.

    Returns:
        A dict with `"train"` and `"test"`, each a pair
        `(edges, photos)` of uint8 arrays `(n, image_size, image_size, 3)`,
        and `"train_photos"`, `"test_photos"`: the names of the
        photographs each split comes from. At 64 px there are 2,033
        training pairs (stride of a quarter crop) and 42 held-out pairs
        (no overlap).
    """
    if (
        isinstance(image_size, bool)
        or not isinstance(image_size, int)
        or image_size < 8
    ):
        raise ValueError(
            "Expected `image_size` to be an int of at least 8. "
            f"Received: image_size={image_size!r}"
        )
    return {
        "train": _crops(TRAIN_PHOTOS, image_size, 0.25),
        "test": _crops(TEST_PHOTOS, image_size, 1.0),
        "train_photos": TRAIN_PHOTOS,
        "test_photos": TEST_PHOTOS,
    }
