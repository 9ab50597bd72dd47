"""`keras-gans train srgan` and `keras-gans upscale`, in-process."""

import json
import os

import numpy as np
import pytest
from PIL import Image

from keras_gans.cli import main
from keras_gans.losses import content

TINY = ["--preset", "tiny", "--batch-size", "4", "--verbose", "0"]
TINY += ["--steps-per-epoch", "2"]


def _train(out, *extra):
    return main(["train", "srgan", "--out", str(out), *TINY, *extra])


def _report(out):
    with open(os.path.join(out, "report.json")) as f:
        return json.load(f)


@pytest.fixture(scope="module")
def srresnet_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("srresnet") / "run"
    assert _train(out, "--phase", "mse", "--epochs", "1") == 0
    return out


def test_mse_phase_resumes_then_gan_phase_starts_from_it(
    srresnet_run, tmp_path
):
    out = srresnet_run
    result = _report(out)["super_resolution"]
    assert result["variant"] == "SRResNet-MSE"
    assert result["held_out_crops"] == 64
    for key in ("psnr", "ssim", "bicubic_psnr", "bicubic_ssim"):
        assert np.isfinite(result[key])
    assert os.path.isfile(os.path.join(out, "samples", "epoch_001.png"))
    with open(os.path.join(out, "losses.csv")) as f:
        header = f.readline()
    assert "val_psnr" in header and "g_loss" in header

    assert _train(out, "--phase", "mse", "--epochs", "2", "--resume") == 0
    assert _report(out)["epochs_this_run"] == 1

    gan = tmp_path / "gan"
    code = _train(
        gan,
        "--phase",
        "gan",
        "--init",
        str(out),
        "--content-loss",
        "mse",
        "--epochs",
        "1",
    )
    assert code == 0
    result = _report(gan)["super_resolution"]
    assert result["variant"] == "SRGAN-MSE"
    with open(os.path.join(gan, "losses.csv")) as f:
        header = f.readline()
    assert "d_loss" in header and "adversarial_loss" in header


def test_gan_phase_without_vgg_weights_says_what_to_do(
    tmp_path, monkeypatch, capsys
):
    def offline():
        raise OSError("offline")

    monkeypatch.setattr(content, "_download_imagenet_weights", offline)
    code = _train(tmp_path / "run", "--phase", "gan", "--epochs", "1")
    assert code == 2
    error = capsys.readouterr().err
    assert "--vgg-weights" in error and "SRGAN-MSE" in error


def test_upscale_one_image_and_a_folder(srresnet_run, tmp_path):
    rng = np.random.default_rng(0)
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (h, w) in (("a.png", (13, 21)), ("b.jpg", (9, 9))):
        pixels = rng.integers(0, 256, (h, w, 3)).astype("uint8")
        Image.fromarray(pixels).save(folder / name)
    single = tmp_path / "a_x4.png"
    code = main(
        ["upscale", str(srresnet_run), str(folder / "a.png"), str(single)]
    )
    assert code == 0
    with Image.open(single) as image:
        assert image.size == (84, 52)
    out = tmp_path / "out"
    code = main(["upscale", str(srresnet_run), str(folder), str(out)])
    assert code == 0
    assert sorted(os.listdir(out)) == ["a.png", "b.png"]
    with Image.open(out / "b.png") as image:
        assert image.size == (36, 36)
    assert main(["upscale", str(srresnet_run), str(tmp_path / "no"), "x"]) == 2
