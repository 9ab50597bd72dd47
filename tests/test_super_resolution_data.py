import numpy as np
import pytest
from PIL import Image

from keras_gans.data import super_resolution as sr


def test_embedded_splits_are_disjoint_photographs():
    assert not set(sr.TRAIN_PHOTOGRAPHS) & set(sr.HELD_OUT_PHOTOGRAPHS)
    held_out = sr.embedded_photographs("test")
    assert len(held_out) == len(sr.HELD_OUT_PHOTOGRAPHS)
    for image in held_out:
        assert image.dtype == np.uint8 and image.shape[-1] == 3
    with pytest.raises(ValueError, match="split"):
        sr.embedded_photographs("validation")


def test_bicubic_is_pillows():
    rng = np.random.default_rng(0)
    image = rng.integers(0, 256, (50, 42, 3)).astype("uint8")
    low = sr.bicubic_downscale(image, 4)
    assert low.shape == (12, 10, 3)
    expected = Image.fromarray(image[:48, :40]).resize((10, 12), Image.BICUBIC)
    np.testing.assert_array_equal(low, np.asarray(expected))
    assert sr.bicubic_upscale(low, 4).shape == (48, 40, 3)


def test_crops_are_reproducible_pairs():
    rng = np.random.default_rng(1)
    images = [
        rng.integers(0, 256, (40, 50, 3)).astype("uint8") for _ in range(3)
    ]
    low, high = sr.make_crops(images, 5, crop_size=16, scale=4, seed=3)
    assert low.shape == (5, 4, 4, 3) and high.shape == (5, 16, 16, 3)
    np.testing.assert_array_equal(low[0], sr.bicubic_downscale(high[0], 4))
    again = sr.make_crops(images, 5, crop_size=16, scale=4, seed=3)
    np.testing.assert_array_equal(again[1], high)

    data = sr.SuperResolutionCrops(
        images, crop_size=16, scale=4, batch_size=3, steps_per_epoch=2
    )
    x, y = data[1]
    assert len(data) == 2
    assert x.shape == (3, 4, 4, 3) and y.shape == (3, 16, 16, 3)
    assert x.dtype == np.float32 and -1 <= y.min() and y.max() <= 1
    np.testing.assert_array_equal(data[1][1], y)
    data.on_epoch_end()
    assert not np.array_equal(data[1][1], y)


def test_folder_and_bad_input(tmp_path):
    rng = np.random.default_rng(2)
    for i, size in enumerate((40, 12)):
        pixels = rng.integers(0, 256, (size, size, 3)).astype("uint8")
        Image.fromarray(pixels).save(tmp_path / f"{i}.png")
    (tmp_path / "notes.txt").write_text("not an image")
    assert len(sr.load_high_res_images(str(tmp_path))) == 2
    assert len(sr.load_high_res_images(str(tmp_path), min_size=32)) == 1
    with pytest.raises(ValueError, match="folder"):
        sr.load_high_res_images(str(tmp_path / "missing"))
    with pytest.raises(ValueError, match="divisible"):
        sr.make_crops([np.zeros((40, 40, 3), "uint8")], 1, crop_size=18)
    with pytest.raises(ValueError, match="uint8"):
        sr.make_crops([np.zeros((40, 40, 3), "float32")], 1, crop_size=16)
