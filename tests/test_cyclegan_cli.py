"""`keras-gans train cyclegan|colorization` and `keras-gans colorize`."""

import json
import os

import numpy as np
import pytest
from PIL import Image

from keras_gans.cli import main

QUICK = ["--preset", "tiny", "--batch-size", "2", "--verbose", "0"]
QUICK += ["--steps-per-epoch", "1", "--epochs", "1"]


def _images(folder, count, size=(40, 44), grey=False, seed=0):
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(seed)
    for i in range(count):
        shape = size if grey else size + (3,)
        pixels = rng.integers(0, 256, shape, dtype=np.uint8)
        Image.fromarray(pixels).save(os.path.join(folder, f"{i:02d}.png"))


@pytest.fixture(scope="module")
def cyclegan_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("cyclegan") / "run"
    assert main(["train", "cyclegan", "--out", str(out), *QUICK]) == 0
    return str(out)


@pytest.fixture(scope="module")
def colorization_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("colorization") / "run"
    assert main(["train", "colorization", "--out", str(out), *QUICK]) == 0
    return str(out)


def test_cyclegan_on_the_embedded_domains(cyclegan_run):
    with Image.open(
        os.path.join(cyclegan_run, "samples", "epoch_001.png")
    ) as g:
        # 6 A and 6 B rows of input | translation | round trip, 32 px.
        assert g.size == (3 * 34 + 2, 12 * 34 + 2)
    assert os.path.isfile(os.path.join(cyclegan_run, "progress.png"))
    with open(os.path.join(cyclegan_run, "report.json")) as f:
        report = json.load(f)["held_out"]
    assert report["held_out_a"] >= 10 and report["held_out_b"] >= 10
    # The untranslated photographs are far from the micrograph's colours
    # and the classifier tells the real held-out images apart.
    assert report["color_fd_to_b"]["untranslated_a"] > 500
    assert report["classifier_held_out_accuracy"] >= 0.9
    for key in ("cycle_a", "cycle_b"):
        assert np.isfinite(report[key]["l1"])
    with open(os.path.join(cyclegan_run, "config.json")) as f:
        assert json.load(f)["args"]["decay_epochs"] is None


def test_translate_with_a_cyclegan_both_ways(cyclegan_run, tmp_path):
    _images(tmp_path / "in", 2)
    sizes = {}
    for direction in ("a_to_b", "b_to_a"):
        out = tmp_path / direction
        argv = ["translate", cyclegan_run, str(tmp_path / "in"), str(out)]
        assert main([*argv, "--direction", direction]) == 0
        with Image.open(out / "00.png") as image:
            sizes[direction] = image.size
        # The two generators give different pictures of the same input.
    assert sizes["a_to_b"] == sizes["b_to_a"] == (32, 32)
    a = np.asarray(Image.open(tmp_path / "a_to_b" / "00.png"))
    b = np.asarray(Image.open(tmp_path / "b_to_a" / "00.png"))
    assert not np.array_equal(a, b)


def test_cyclegan_bad_folders(tmp_path, capsys):
    data = tmp_path / "data"
    _images(data / "trainA", 3)
    out = str(tmp_path / "run")
    code = main(
        ["train", "cyclegan", "--out", out, "--data", str(data), *QUICK]
    )
    assert code == 2
    assert "trainA/ and trainB/" in capsys.readouterr().err
    _images(data / "trainB", 2, grey=True)
    code = main(
        ["train", "cyclegan", "--out", out, "--data", str(data), *QUICK]
    )
    assert code == 2
    assert "Expected colour images" in capsys.readouterr().err
    code = main(
        ["train", "cyclegan", "--out", out, "--decay-epochs", "5", *QUICK]
    )
    assert code == 2
    assert "--decay-epochs=5" in capsys.readouterr().err


def test_colorization_on_the_embedded_photos(colorization_run):
    with Image.open(
        os.path.join(colorization_run, "samples", "epoch_001.png")
    ) as grid:
        assert grid.size == (3 * 34 + 2, 8 * 34 + 2)
    with open(os.path.join(colorization_run, "report.json")) as f:
        report = json.load(f)["held_out"]
    assert report["images"] >= 10
    for name in ("model", "ab_zero"):
        assert np.isfinite(report[name]["psnr"])
    # "No colour" has a real error on colour photographs.
    assert report["ab_zero"]["ab_l1"] > 2


def test_colorize_a_file_and_a_folder(colorization_run, tmp_path):
    folder = tmp_path / "in"
    _images(folder, 1, size=(30, 37))
    _images(folder / "grey", 1, size=(21, 18), grey=True)
    Image.open(folder / "grey" / "00.png").save(folder / "grey.png")
    out = tmp_path / "out"
    assert main(["colorize", colorization_run, str(folder), str(out)]) == 0
    assert sorted(os.listdir(out)) == ["00.png", "grey.png"]
    with Image.open(out / "grey.png") as image:
        assert image.size == (18, 21) and image.mode == "RGB"
    single = tmp_path / "one.png"
    code = main(
        [
            "colorize",
            colorization_run,
            str(folder / "00.png"),
            str(single),
            "--compare",
            "--short-side",
            "20",
        ]
    )
    assert code == 0
    with Image.open(single) as image:
        # input | output | original at 20 x 25.
        assert image.size == (3 * 25, 20)


def test_colorization_bad_input(
    colorization_run, cyclegan_run, tmp_path, capsys
):
    _images(tmp_path / "grey", 3, grey=True)
    code = main(
        [
            "train",
            "colorization",
            "--out",
            str(tmp_path / "r"),
            "--data",
            str(tmp_path / "grey"),
            *QUICK,
        ]
    )
    assert code == 2
    assert "Expected colour images" in capsys.readouterr().err
    os.makedirs(tmp_path / "empty")
    code = main(
        [
            "colorize",
            colorization_run,
            str(tmp_path / "empty"),
            str(tmp_path / "o"),
        ]
    )
    assert code == 2
    assert "contain images" in capsys.readouterr().err
    code = main(
        ["colorize", cyclegan_run, str(tmp_path / "grey"), str(tmp_path / "o")]
    )
    assert code == 2
    assert "Expected a colorization model" in capsys.readouterr().err
