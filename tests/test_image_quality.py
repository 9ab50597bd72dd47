import numpy as np
import pytest
from keras import ops
from skimage.color import rgb2ycbcr
from skimage.metrics import peak_signal_noise_ratio
from skimage.metrics import structural_similarity

from keras_gans.metrics import psnr
from keras_gans.metrics import rgb_to_luma
from keras_gans.metrics import ssim


def pair(seed=0, shape=(3, 40, 36, 3), noise=25):
    rng = np.random.default_rng(seed)
    # Smooth images plus noise: SSIM far from both 0 and 1.
    base = rng.integers(0, 256, shape[:1] + (5, 5, shape[-1]))
    base = np.kron(base, np.ones((1, 8, 8, 1)))[:, : shape[1], : shape[2]]
    a = np.clip(base + rng.normal(0, 10, shape), 0, 255).astype("uint8")
    b = np.clip(a + rng.normal(0, noise, shape), 0, 255).astype("uint8")
    return a, b


def unit(images):
    return images.astype("float32") / 127.5 - 1.0


def test_luma_matches_skimage():
    a, _ = pair()
    y = ops.convert_to_numpy(rgb_to_luma(unit(a)))[..., 0]
    expected = np.stack([rgb2ycbcr(image)[..., 0] for image in a])
    np.testing.assert_allclose(y, expected, atol=2e-3)


@pytest.mark.parametrize("border", [0, 4])
def test_psnr_and_ssim_match_skimage(border):
    a, b = pair()
    got_psnr = ops.convert_to_numpy(psnr(unit(a), unit(b), border))
    got_ssim = ops.convert_to_numpy(ssim(unit(a), unit(b), border))
    crop = slice(border, -border) if border else slice(None)
    for i in range(len(a)):
        ya = rgb2ycbcr(a[i])[crop, crop, 0]
        yb = rgb2ycbcr(b[i])[crop, crop, 0]
        ref_psnr = peak_signal_noise_ratio(ya, yb, data_range=255)
        ref_ssim = structural_similarity(
            ya,
            yb,
            data_range=255,
            gaussian_weights=True,
            sigma=1.5,
            use_sample_covariance=False,
        )
        assert 0.2 < ref_ssim < 0.95
        np.testing.assert_allclose(got_psnr[i], ref_psnr, atol=1e-3)
        np.testing.assert_allclose(got_ssim[i], ref_ssim, atol=1e-4)


def test_grayscale_and_identical_images():
    a, b = pair(shape=(2, 32, 32, 1))
    got = ops.convert_to_numpy(ssim(unit(a), unit(b)))
    for i in range(2):
        ref = structural_similarity(
            a[i, ..., 0].astype("float64"),
            b[i, ..., 0].astype("float64"),
            data_range=255,
            gaussian_weights=True,
            sigma=1.5,
            use_sample_covariance=False,
        )
        np.testing.assert_allclose(got[i], ref, atol=1e-4)
    same = ops.convert_to_numpy(ssim(unit(a), unit(a)))
    np.testing.assert_allclose(same, 1.0, atol=1e-5)
    assert np.all(np.isinf(ops.convert_to_numpy(psnr(unit(a), unit(a)))))


def test_bad_input():
    a, b = pair()
    with pytest.raises(ValueError, match="same shape"):
        psnr(unit(a), unit(b[:, :-1]))
    with pytest.raises(ValueError, match="border"):
        ssim(unit(a), unit(b), border=-1)
    with pytest.raises(ValueError, match="1 or 3 channels"):
        psnr(
            np.zeros((1, 8, 8, 2), "float32"), np.zeros((1, 8, 8, 2), "float32")
        )
