"""`keras-gans train pix2pix` and `keras-gans translate`, in-process."""

import json
import os

import numpy as np
import pytest
from PIL import Image

from keras_gans.cli import main

TINY = ["--preset", "tiny", "--batch-size", "4", "--verbose", "0"]
TINY += ["--steps-per-epoch", "2", "--epochs", "1"]


def _side_by_side(folder, count, size=40, seed=0):
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(seed)
    for i in range(count):
        a = rng.integers(0, 256, (size, size, 3), dtype=np.uint8)
        pair = np.concatenate([a, 255 - a], axis=1)
        Image.fromarray(pair).save(os.path.join(folder, f"{i:02d}.png"))


@pytest.fixture(scope="module")
def embedded_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("p2p") / "run"
    assert main(["train", "pix2pix", "--out", str(out), *TINY]) == 0
    return str(out)


def test_train_on_the_embedded_pairs(embedded_run):
    out = embedded_run
    with Image.open(os.path.join(out, "samples", "epoch_001.png")) as grid:
        # 8 held-out pairs, each a row of input | output | target (32 px).
        assert grid.size == (3 * 34 + 2, 8 * 34 + 2)
    assert os.path.isfile(os.path.join(out, "progress.png"))
    with open(os.path.join(out, "report.json")) as f:
        report = json.load(f)["held_out"]
    assert report["held_out_pairs"] > 8
    for name in ("pix2pix", "output_equals_input", "mean_training_colour"):
        assert np.isfinite(report[name]["l1"])
        assert np.isfinite(report[name]["psnr"])
    # Edge maps are far from photographs: the trivial baseline is poor.
    assert report["output_equals_input"]["l1"] > 0.5


def test_translate_a_folder_and_a_file(embedded_run, tmp_path):
    images = tmp_path / "in"
    os.makedirs(images)
    for i, size in enumerate((32, 50)):
        Image.fromarray(np.full((size, size + 4, 3), 40 * i, np.uint8)).save(
            images / f"img{i}.jpg"
        )
    out = tmp_path / "out"
    assert main(["translate", embedded_run, str(images), str(out)]) == 0
    written = sorted(os.listdir(out))
    assert written == ["img0.png", "img1.png"]
    with Image.open(out / "img1.png") as image:
        assert image.size == (32, 32)
    single = tmp_path / "one.png"
    code = main(
        [
            "translate",
            embedded_run,
            str(images / "img1.jpg"),
            str(single),
            "--keep-size",
            "--no-dropout",
        ]
    )
    assert code == 0
    with Image.open(single) as image:
        assert image.size == (54, 50)


def test_translate_side_by_side_writes_triples(embedded_run, tmp_path):
    _side_by_side(tmp_path / "pairs", 2, size=32)
    out = tmp_path / "out"
    code = main(
        [
            "translate",
            embedded_run,
            str(tmp_path / "pairs"),
            str(out),
            "--side-by-side",
        ]
    )
    assert code == 0
    with Image.open(out / "00.png") as image:
        assert image.size == (3 * 32, 32)


# Two more training runs: 30 s on TensorFlow, 60 s on JAX here.
@pytest.mark.slow
def test_train_on_a_side_by_side_folder_and_resume(tmp_path):
    import keras

    data = tmp_path / "data"
    _side_by_side(data / "train", 8)
    _side_by_side(data / "val", 3, seed=1)
    out = tmp_path / "run"
    args = ["train", "pix2pix", "--out", str(out), "--data", str(data)]
    assert main([*args, *TINY]) == 0
    with open(os.path.join(out, "held_out.json")) as f:
        assert json.load(f)["held_out_pairs"] == 3
    # Resuming continues the optimizers where the checkpoint left them.
    assert main([*args, *TINY[:-1], "2", "--resume"]) == 0
    model = keras.saving.load_model(
        os.path.join(out, "checkpoints", "epoch_002.keras")
    )
    iterations = keras.ops.convert_to_numpy(model.g_optimizer.iterations)
    assert int(iterations) == 4
    assert os.path.isfile(os.path.join(out, "samples", "epoch_002.png"))


def test_bad_input_is_a_clear_error(embedded_run, tmp_path, capsys):
    empty = tmp_path / "empty"
    os.makedirs(empty)
    code = main(
        [
            "train",
            "pix2pix",
            "--out",
            str(tmp_path / "r"),
            "--data",
            str(empty),
            *TINY,
        ]
    )
    assert code == 2
    assert "contain images" in capsys.readouterr().err
    code = main(["translate", embedded_run, str(empty), str(tmp_path / "o")])
    assert code == 2
    assert "contain images" in capsys.readouterr().err
    code = main(["translate", str(tmp_path), str(empty), str(tmp_path / "o")])
    assert code == 2
    assert "Expected CHECKPOINT" in capsys.readouterr().err


def test_latent_commands_point_to_translate(embedded_run, tmp_path, capsys):
    # A Pix2Pix maps images; sampling or evaluating it names the command
    # that does, rather than failing inside.
    grid = str(tmp_path / "grid.png")
    assert main(["sample", embedded_run, "--out", grid]) == 2
    assert "keras-gans translate" in capsys.readouterr().err
    code = main(["evaluate", embedded_run, "--num-samples", "10"])
    assert code == 2
    assert "keras-gans translate" in capsys.readouterr().err


def test_eval_every_is_refused_before_training(tmp_path, capsys):
    out = tmp_path / "run"
    argv = ["train", "pix2pix", "--out", str(out), *TINY, "--eval-every", "1"]
    assert main(argv) == 2
    assert "--eval-every evaluates GANs" in capsys.readouterr().err
    assert not out.exists()


def test_folder_in_needs_a_folder_out(embedded_run, tmp_path, capsys):
    _side_by_side(tmp_path / "in", 2)
    out = tmp_path / "out.png"
    assert (
        main(["translate", embedded_run, str(tmp_path / "in"), str(out)]) == 2
    )
    assert "Expected OUT to be a folder" in capsys.readouterr().err
    assert not out.exists()
