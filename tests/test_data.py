"""Loaders, and the data `GAN.fit` accepts, under every backend."""

import gzip
import io
import math
import pickle
import tarfile
import urllib.error
import warnings

import keras
import numpy as np
import pytest
from PIL import Image

from keras_gans.data import DATASET_NAMES
from keras_gans.data import keras_cache_dir
from keras_gans.data import load_dataset
from keras_gans.data import load_digits
from keras_gans.data import load_image_folder
from keras_gans.data import load_keras_dataset
from keras_gans.data import prepare_fit_data
from keras_gans.models import DCGAN

SHAPE = DCGAN.presets()["tiny"]["image_shape"]  # (16, 16, 1)


def uint8_images(num, shape=SHAPE, seed=0):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (num,) + shape, dtype=np.uint8)


# ----------------------------------------------------------------------
# Bundled digits


def test_digits_shape_range_and_labels():
    images, labels, names = load_digits(return_labels=True)
    assert images.shape == (1797, 28, 28, 1)
    assert images.dtype == np.float32
    assert images.min() == -1.0 and images.max() == 1.0
    assert labels.dtype == np.int32
    assert names == [str(d) for d in range(10)]
    # Every digit is there, about 180 of each.
    assert np.bincount(labels).min() > 170

    # Shrunk back to 8x8, the resized digits match scikit-learn's.
    from sklearn.datasets import load_digits as sklearn_digits

    original = sklearn_digits().images / 8.0 - 1.0
    back = np.stack(
        [
            np.asarray(Image.fromarray(im[..., 0]).resize((8, 8)))
            for im in images[:50]
        ]
    )
    assert np.abs(back - original[:50]).mean() < 0.15


def test_digits_size_and_rgb():
    images = load_digits(image_size=16, channels=3)
    assert images.shape == (1797, 16, 16, 3)
    np.testing.assert_array_equal(images[..., 0], images[..., 2])
    with pytest.raises(ValueError, match="channels=2"):
        load_digits(channels=2)


# ----------------------------------------------------------------------
# Folder of images


def save(path, array, mode=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(array, mode).save(path)


def colour(height, width, rgb):
    return np.broadcast_to(np.uint8(rgb), (height, width, 3)).copy()


def test_image_folder_with_classes(tmp_path):
    # Mixed sizes and formats; a wide image is centre-cropped: only its red
    # middle survives.
    wide = colour(10, 30, (0, 0, 255))
    wide[:, 10:20] = (255, 0, 0)
    save(tmp_path / "dogs" / "wide.png", wide)
    save(tmp_path / "dogs" / "nested" / "big.jpg", colour(64, 48, (0, 255, 0)))
    grey = np.full((20, 20), 200, np.uint8)
    save(tmp_path / "cats" / "grey.png", grey)
    (tmp_path / "cats" / "notes.txt").write_text("not an image")

    images, labels, names = load_image_folder(
        tmp_path, image_size=16, return_labels=True
    )
    assert images.shape == (3, 16, 16, 3) and images.dtype == np.float32
    assert names == ["cats", "dogs"]
    np.testing.assert_array_equal(labels, [0, 1, 1])
    assert labels.dtype == np.int32
    # The greyscale image is replicated to three equal channels.
    np.testing.assert_allclose(images[0], 200 / 127.5 - 1)
    # Sorted within a class: dogs/nested/big.jpg, then dogs/wide.png.
    np.testing.assert_allclose(images[1].mean((0, 1)), [-1, 1, -1], atol=0.05)
    # Pillow samples a little across the crop's edge, so check its middle.
    middle = images[2, 2:-2, 2:-2]
    np.testing.assert_allclose(
        middle, np.broadcast_to([1, -1, -1], middle.shape)
    )

    grey_out = load_image_folder(tmp_path, image_size=8, channels=1)
    assert grey_out.shape == (3, 8, 8, 1)


def test_image_folder_without_classes(tmp_path):
    save(tmp_path / "a.png", colour(12, 12, (10, 20, 30)))
    save(tmp_path / "b.bmp", colour(40, 40, (10, 20, 30)))
    images = load_image_folder(tmp_path, image_size=16)
    assert images.shape == (2, 16, 16, 3)
    with pytest.raises(ValueError, match="one sub-folder per class"):
        load_image_folder(tmp_path, image_size=16, return_labels=True)


def test_image_folder_errors(tmp_path):
    with pytest.raises(ValueError, match="no image files") as info:
        load_image_folder(tmp_path, image_size=16)
    assert str(tmp_path) in str(info.value)

    (tmp_path / "readme.txt").write_text("hello")
    (tmp_path / "empty_class").mkdir()
    with pytest.raises(ValueError, match="no image files"):
        load_image_folder(tmp_path, image_size=16)

    missing = tmp_path / "missing"
    with pytest.raises(ValueError, match="not a folder") as info:
        load_image_folder(missing, image_size=16)
    assert str(missing) in str(info.value)

    (tmp_path / "broken.png").write_bytes(b"not a png")
    with pytest.raises(ValueError, match="readable image file.*broken.png"):
        load_image_folder(tmp_path, image_size=16)


# ----------------------------------------------------------------------
# keras.datasets, from small local files where Keras looks for them


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    """An empty Keras home, and no network: a download attempt fails."""
    # Keras reads KERAS_HOME once, at import; this is where it keeps it.
    monkeypatch.setattr("keras.src.backend.config._KERAS_DIR", str(tmp_path))

    def offline(url, *args, **kwargs):
        raise urllib.error.URLError("network is unreachable")

    monkeypatch.setattr("keras.src.utils.file_utils.urlretrieve", offline)
    return tmp_path


def accept_hash_of(monkeypatch, path):
    """Keras checks mnist and cifar10 files against the published hashes,
    which a small test file cannot have. Check against its own hash instead
    (the rest of Keras' loading, parsing included, is untouched)."""
    from keras.src.utils import file_utils

    own = file_utils.hash_file(path)
    monkeypatch.setattr(
        file_utils,
        "validate_file",
        lambda fpath, file_hash, algorithm="auto", chunk_size=65535: (
            file_utils.hash_file(fpath) == own
        ),
    )


def test_keras_cache_dir(keras_home):
    assert keras_cache_dir() == str(keras_home / "datasets")


def test_fashion_mnist_from_local_files(keras_home):
    # Keras keeps no hash for fashion_mnist: plain idx files in gzip.
    folder = keras_home / "datasets" / "fashion-mnist"
    folder.mkdir(parents=True)
    train, test = uint8_images(5, (28, 28)), uint8_images(3, (28, 28), 1)
    for split, images, labels in (
        ("train", train, [0, 1, 2, 3, 9]),
        ("t10k", test, [4, 5, 6]),
    ):
        with gzip.open(folder / f"{split}-labels-idx1-ubyte.gz", "wb") as f:
            f.write(b"\0" * 8 + bytes(labels))
        with gzip.open(folder / f"{split}-images-idx3-ubyte.gz", "wb") as f:
            f.write(b"\0" * 16 + images.tobytes())

    images, labels, names = load_keras_dataset(
        "fashion_mnist", return_labels=True
    )
    assert images.shape == (8, 28, 28, 1)
    expected = np.concatenate([train, test])[..., None] / 127.5 - 1
    np.testing.assert_allclose(images, expected, atol=1e-6)
    np.testing.assert_array_equal(labels, [0, 1, 2, 3, 9, 4, 5, 6])
    assert names[9] == "Ankle boot"

    resized = load_keras_dataset("fashion_mnist", image_size=16, channels=3)
    assert resized.shape == (8, 16, 16, 3)


def test_mnist_from_local_file(keras_home, monkeypatch):
    path = keras_home / "datasets" / "mnist.npz"
    path.parent.mkdir(parents=True)
    x = uint8_images(6, (28, 28))
    np.savez(
        path,
        x_train=x[:4],
        y_train=np.uint8([1, 2, 3, 4]),
        x_test=x[4:],
        y_test=np.uint8([5, 6]),
    )
    accept_hash_of(monkeypatch, path)
    images, labels, _ = load_dataset("mnist", SHAPE, return_labels=True)
    assert images.shape == (6,) + SHAPE
    np.testing.assert_array_equal(labels, [1, 2, 3, 4, 5, 6])


# Keras' cifar10 parser needs 10,000 images in each of the five training
# batches, and 50,000 images in float32 take 15-20 s to materialise on the
# shared CPU machine; the offline test below covers cifar10's cache path.
@pytest.mark.slow
def test_cifar10_from_local_archive(keras_home, monkeypatch):
    # Zeros but for two random images per batch: a small archive.
    rng = np.random.default_rng(0)
    batches = {}
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        num = 2 if name == "test_batch" else 10000
        data = np.zeros((num, 3 * 32 * 32), np.uint8)
        data[:2] = rng.integers(0, 256, (2, 3 * 32 * 32))
        batches[name] = (data, [1, 7] * (num // 2))
    archive = keras_home / "datasets" / "cifar-10-batches-py-target_archive"
    archive.parent.mkdir(parents=True)
    with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
        for name, (data, labels) in batches.items():
            payload = pickle.dumps(
                {b"data": data, b"labels": labels}, protocol=4
            )
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))

    accept_hash_of(monkeypatch, archive)
    images, labels, names = load_keras_dataset("cifar10", return_labels=True)
    assert images.shape == (50002, 32, 32, 3)
    # Stored as planes (3, 32, 32); returned channels last.
    for index, name in ((0, "data_batch_1"), (40001, "data_batch_5")):
        plane = batches[name][0][index % 10000].reshape(3, 32, 32)
        expected = plane.transpose(1, 2, 0) / 127.5 - 1
        np.testing.assert_allclose(images[index], expected, atol=1e-6)
    np.testing.assert_array_equal(labels[-4:], [1, 7, 1, 7])
    assert names[7] == "horse"


@pytest.mark.parametrize("name", ["mnist", "fashion_mnist", "cifar10"])
def test_keras_dataset_offline_error(keras_home, name):
    with pytest.raises(OSError, match="could not be downloaded") as info:
        load_keras_dataset(name)
    message = str(info.value)
    assert str(keras_home / "datasets") in message
    assert "https://" in message


def test_load_dataset_dispatch(tmp_path):
    images = load_dataset("digits", (16, 16, 3))
    assert images.shape == (1797, 16, 16, 3)
    save(tmp_path / "x.png", colour(20, 20, (255, 255, 255)))
    assert load_dataset(str(tmp_path), (8, 8, 1)).shape == (1, 8, 8, 1)
    with pytest.raises(ValueError, match="cifar10.*Received: 'nope'"):
        load_dataset("nope", SHAPE)
    with pytest.raises(ValueError, match="square"):
        load_dataset("digits", (16, 8, 1))
    assert DATASET_NAMES == ("digits", "mnist", "fashion_mnist", "cifar10")


# ----------------------------------------------------------------------
# What fit accepts: one epoch of the tiny DCGAN per input kind


@pytest.fixture(scope="module")
def gans():
    """Compiled tiny DCGANs by d_steps, shared so each compiles once."""
    models = {}

    def get(d_steps):
        if d_steps not in models:
            gan = DCGAN.from_preset("tiny", seed=1)
            gan.compile(d_steps=d_steps)
            models[d_steps] = gan
        return models[d_steps]

    return get


def fit_one_epoch(gan, x, steps, **kwargs):
    """Fits one epoch; checks the number of updates and finite losses."""
    d_before = int(gan.d_optimizer.iterations)
    g_before = int(gan.g_optimizer.iterations)
    history = gan.fit(x, epochs=1, verbose=0, **kwargs)
    assert int(gan.g_optimizer.iterations) - g_before == steps
    assert int(gan.d_optimizer.iterations) - d_before == steps * gan.d_steps
    for key in ("d_loss", "g_loss"):
        assert np.isfinite(history.history[key]).all()


# 42 images in batches of 8: five complete batches and two images left.
# Inputs that reach the step with the same structure share one compiled
# step, so the tests below keep to few: images, (images,) and (images,
# int64 labels).
NUM = 42


def test_fit_numpy_uint8_and_float(gans):
    images = uint8_images(NUM)
    fit_one_epoch(gans(1), images, steps=5, batch_size=8)
    fit_one_epoch(gans(1), images / 127.5 - 1, steps=5, batch_size=8)


def test_fit_numpy_with_labels(gans):
    images, labels = uint8_images(NUM), np.arange(NUM)
    fit_one_epoch(gans(2), (images, labels), steps=2, batch_size=8)


@pytest.mark.parametrize("d_steps", [1, 2])
def test_fit_tf_dataset(gans, d_steps):
    import tensorflow as tf

    images = uint8_images(NUM)
    if d_steps == 1:
        dataset = tf.data.Dataset.from_tensor_slices(images)
    else:
        dataset = tf.data.Dataset.from_tensor_slices((images, np.arange(NUM)))
    fit_one_epoch(gans(d_steps), dataset.batch(8), steps=5 // d_steps)


@pytest.mark.parametrize("d_steps", [1, 2])
def test_fit_torch_dataloader(gans, d_steps):
    import torch

    images = torch.from_numpy(uint8_images(NUM))
    if d_steps == 1:
        # Batches of images alone.
        loader = torch.utils.data.DataLoader(images, batch_size=8, shuffle=True)
    else:
        # Batches as [images, labels] lists.
        labelled = torch.utils.data.TensorDataset(images, torch.arange(NUM))
        loader = torch.utils.data.DataLoader(labelled, batch_size=8)
    fit_one_epoch(gans(d_steps), loader, steps=5 // d_steps)


class ImageBatches(keras.utils.PyDataset):
    def __init__(self, images, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.images = images
        self.batch_size = batch_size

    def __len__(self):
        return math.ceil(len(self.images) / self.batch_size)

    def __getitem__(self, index):
        start = index * self.batch_size
        return (self.images[start : start + self.batch_size],)


def test_fit_py_dataset(gans):
    batches = ImageBatches(uint8_images(NUM).astype("float32") / 255 * 2 - 1, 8)
    fit_one_epoch(gans(1), batches, steps=5)


# ----------------------------------------------------------------------
# How the data is arranged for Keras


def test_arrays_drop_a_seeded_random_remainder():
    # Image i is filled with i, so labels can be checked against images.
    images = np.repeat(np.arange(43, dtype=np.uint8), 256).reshape(
        (43,) + SHAPE
    )
    (x, y), batch = prepare_fit_data(
        (images, np.arange(43)), SHAPE, batch_size=5, group=2, seed=3
    )
    assert batch == 10 and x.shape == (40,) + SHAPE and x.dtype == np.float32
    assert x.min() >= -1 and x.max() <= 1
    np.testing.assert_allclose(x[:, 0, 0, 0], y / 127.5 - 1, atol=1e-6)
    (_, y2), _ = prepare_fit_data(
        (images, np.arange(43)), SHAPE, batch_size=5, group=2, seed=3
    )
    np.testing.assert_array_equal(y, y2)
    # The three left out are drawn at random, not the last three.
    dropped = sorted(set(range(43)) - set(y.tolist()))
    assert len(dropped) == 3 and dropped != [40, 41, 42]
    _, batch = prepare_fit_data(images, SHAPE, None, group=1)
    assert batch == 32


def test_streams_join_group_batches():
    import tensorflow as tf
    import torch

    images = uint8_images(NUM)
    dataset, batch = prepare_fit_data(
        tf.data.Dataset.from_tensor_slices(images).batch(8), SHAPE, None, 2
    )
    assert batch is None
    assert [len(b[0]) for b in dataset] == [16, 16]
    assert all(b[0].dtype == tf.float32 for b in dataset)
    # Known lengths stay known (Keras then runs no step past the end); a
    # static batch size keeps every batch.
    assert int(dataset.cardinality()) == 2
    static = tf.data.Dataset.from_tensor_slices(images[:32])
    static, _ = prepare_fit_data(
        static.batch(8, drop_remainder=True), SHAPE, None, 2
    )
    assert int(static.cardinality()) == 2
    unknown = tf.data.Dataset.from_tensor_slices(images).batch(8)
    unknown, _ = prepare_fit_data(
        unknown.filter(lambda x: True), SHAPE, None, 2
    )
    assert [len(b[0]) for b in unknown] == [16, 16]

    loader, _ = prepare_fit_data(
        torch.utils.data.DataLoader(torch.from_numpy(images), batch_size=8),
        SHAPE,
        None,
        2,
    )
    batches = list(loader)
    assert [len(b[0]) for b in batches] == [16, 16] and len(loader) == 2
    np.testing.assert_allclose(
        batches[0][0].numpy(), images[:16] / 127.5 - 1, atol=1e-6
    )

    grouped, _ = prepare_fit_data(ImageBatches(images, 8), SHAPE, None, 2)
    assert grouped.num_batches == 2
    np.testing.assert_allclose(
        grouped[1][0], images[16:32] / 127.5 - 1, atol=1e-6
    )


# ----------------------------------------------------------------------
# Bad input: errors name what was expected and what was received


def test_wrong_image_shape():
    with pytest.raises(ValueError, match=r"\(16, 16, 1\).*\(4, 28, 28, 1\)"):
        prepare_fit_data(uint8_images(4, (28, 28, 1)), SHAPE, 2, 1)
    with pytest.raises(ValueError, match="channels first"):
        prepare_fit_data(uint8_images(4, (1, 16, 16)), SHAPE, 2, 1)


def test_fit_rejects_before_training(gans):
    gan = gans(1)
    before = [keras.ops.convert_to_numpy(v) for v in gan.generator.weights]
    with pytest.raises(ValueError, match=r"Expected images of shape"):
        gan.fit(uint8_images(8, (8, 8, 1)), batch_size=4, verbose=0)
    for old, new in zip(before, gan.generator.weights):
        np.testing.assert_array_equal(old, keras.ops.convert_to_numpy(new))


def test_wrong_range_dtype_nan():
    floats = uint8_images(4).astype("float32")
    with pytest.raises(ValueError, match=r"\[-1, 1\].*\[\d+, 255\]"):
        prepare_fit_data(floats, SHAPE, 2, 1)
    with pytest.raises(ValueError, match="uint8.*float.*int64"):
        prepare_fit_data(floats.astype("int64"), SHAPE, 2, 1)
    floats = floats / 255 * 2 - 1
    floats[0, 0, 0, 0] = np.nan
    floats[1, 0, 0, 0] = np.inf
    with pytest.raises(ValueError, match="finite.*2 NaN or infinite"):
        prepare_fit_data(floats, SHAPE, 2, 1)


def test_zero_one_floats_warn():
    with pytest.warns(UserWarning, match=r"\[0, 1\]"):
        prepare_fit_data(uint8_images(4) / 255.0, SHAPE, 2, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        prepare_fit_data(uint8_images(4) / 127.5 - 1, SHAPE, 2, 1)


def test_bad_batch_size_and_counts():
    images = uint8_images(10)
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match=f"batch_size={bad!r}"):
            prepare_fit_data(images, SHAPE, bad, 1)
    with pytest.raises(ValueError, match="at least .* 16 images.*10 images"):
        prepare_fit_data(images, SHAPE, 8, 2)
    with pytest.raises(ValueError, match="10 images and 9 labels"):
        prepare_fit_data((images, np.arange(9)), SHAPE, 2, 1)
    with pytest.raises(ValueError, match="Received: x of type generator"):
        prepare_fit_data((i for i in images), SHAPE, 2, 1)


def test_bad_streams():
    import tensorflow as tf
    import torch

    dataset = tf.data.Dataset.from_tensor_slices(uint8_images(8, (8, 8, 1)))
    with pytest.raises(ValueError, match=r"first batch of the tf.data"):
        prepare_fit_data(dataset.batch(4), SHAPE, None, 1)
    with pytest.raises(ValueError, match="single image"):
        prepare_fit_data(
            tf.data.Dataset.from_tensor_slices(uint8_images(8)), SHAPE, None, 1
        )
    with pytest.raises(ValueError, match="batch_size=None.*batch_size=8"):
        dataset = tf.data.Dataset.from_tensor_slices(uint8_images(8))
        prepare_fit_data(dataset.batch(4), SHAPE, 8, 1)
    floats = torch.from_numpy(uint8_images(8).astype("float32"))
    loader = torch.utils.data.DataLoader(floats, batch_size=4)
    with pytest.raises(ValueError, match=r"torch DataLoader.*\[\d+, 255\]"):
        prepare_fit_data(loader, SHAPE, None, 1)
    nan = ImageBatches(np.full((8,) + SHAPE, np.nan, "float32"), 4)
    with pytest.raises(ValueError, match="PyDataset with 1024 NaN"):
        prepare_fit_data(nan, SHAPE, None, 1)
    with pytest.raises(ValueError, match="d_steps = 3 complete.*2 complete"):
        prepare_fit_data(ImageBatches(uint8_images(8), 4), SHAPE, None, 3)
