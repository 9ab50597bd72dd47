"""The `keras-gans` command line, run in-process under every backend."""

import csv
import json
import os

import keras
import numpy as np
import pytest
from keras import ops
from PIL import Image

from keras_gans.cli import main
from keras_gans.cli.recipes import register_recipe
from keras_gans.cli.recipes.dcgan import DCGANRecipe
from keras_gans.models import DCGAN

# The tiny preset (16x16) on the bundled digits, 3 updates of 16 images
# per epoch.
STEPS = 3
TINY = ["--preset", "tiny", "--batch-size", "16", "--verbose", "0"]
TINY += ["--steps-per-epoch", str(STEPS)]


def _train(out, *extra):
    return main(["train", "dcgan", "--out", str(out), *TINY, *extra])


def _load_latest(out):
    with open(os.path.join(out, "checkpoints", "latest.json")) as f:
        latest = json.load(f)
    path = os.path.join(out, "checkpoints", latest["path"])
    return latest["epoch"], keras.saving.load_model(path)


def _state(model):
    return {
        "g_iterations": int(ops.convert_to_numpy(model.g_optimizer.iterations)),
        "d_iterations": int(ops.convert_to_numpy(model.d_optimizer.iterations)),
        "seed_state": ops.convert_to_numpy(model.seed_generator.state).tolist(),
    }


@pytest.fixture(scope="module")
def straight_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("straight") / "run"
    assert _train(out, "--epochs", "2", "--seed", "5") == 0
    return str(out)


def test_train_writes_the_run_folder(straight_run, capsys):
    out = straight_run
    for name in ("epoch_001.png", "epoch_002.png"):
        size = 8 * (16 + 2) + 2  # 64 samples of 16x16
        with Image.open(os.path.join(out, "samples", name)) as image:
            assert image.size == (size, size)
    assert os.path.isfile(os.path.join(out, "progress.png"))
    with open(os.path.join(out, "losses.csv")) as f:
        rows = list(csv.DictReader(f))
    assert [row["epoch"] for row in rows] == ["0", "1"]
    # No validation data, so no columns of "NA" for val_ twins.
    assert not [key for key in rows[0] if key.startswith("val_")]
    assert all(np.isfinite(float(row["g_loss"])) for row in rows)
    with open(os.path.join(out, "config.json")) as f:
        config = json.load(f)
    backend = keras.backend.backend()
    assert config["backend"] == backend
    assert {"keras", backend, "numpy", "keras_gans"} <= set(config["versions"])
    assert config["args"]["preset"] == "tiny" and config["args"]["seed"] == 5
    with open(os.path.join(out, "report.json")) as f:
        report = json.load(f)
    figures = report["recognizability"]
    assert 0 <= figures["confident_fraction"] <= 1
    assert len(figures["class_shares"]) == 10
    assert os.path.isfile(os.path.join(out, "recognizability.json"))


def test_resume_matches_an_uninterrupted_run(straight_run, tmp_path, capsys):
    out = tmp_path / "run"
    assert _train(out, "--epochs", "1", "--seed", "5") == 0
    epoch, model = _load_latest(out)
    assert epoch == 1 and _state(model)["g_iterations"] == STEPS
    # --resume takes the saved --seed; --epochs is the new total.
    assert _train(out, "--epochs", "2", "--resume") == 0
    assert "Resuming from" in capsys.readouterr().out
    epoch, resumed = _load_latest(out)
    straight_epoch, straight = _load_latest(straight_run)
    assert epoch == straight_epoch == 2
    # Both optimizers and the noise generator went on from where they were:
    # a fresh start would show half the updates and an earlier seed state.
    assert _state(resumed) == _state(straight)
    assert _state(resumed)["d_iterations"] == 2 * STEPS
    with open(out / "losses.csv") as f:
        assert [r["epoch"] for r in csv.DictReader(f)] == ["0", "1"]
    with open(out / "config.json") as f:
        config = json.load(f)
    assert config["resumes"][0]["from_epoch"] == 1
    assert sorted(os.listdir(out / "samples")) == [
        "epoch_001.png",
        "epoch_002.png",
    ]


def test_sample_command(straight_run, tmp_path):
    grid = tmp_path / "grid.png"
    assert (
        main(["sample", straight_run, "--num", "10", "--out", str(grid)]) == 0
    )
    with Image.open(grid) as image:
        # 10 samples: 4 columns, 3 rows of 16x16 cells.
        assert image.size == (4 * 18 + 2, 3 * 18 + 2)
        first = np.asarray(image)
    # A .keras file works too, and the same seed gives the same samples.
    _, model = _load_latest(straight_run)
    path = tmp_path / "generator.keras"
    model.generator.save(path)
    again = tmp_path / "again.png"
    assert main(["sample", str(path), "--num", "10", "--out", str(again)]) == 0
    with Image.open(again) as image:
        np.testing.assert_allclose(np.asarray(image), first, atol=1)


def test_refuses_to_overwrite_a_run(straight_run, capsys):
    latest = os.path.join(straight_run, "checkpoints", "latest.json")
    before = os.path.getmtime(latest)
    assert _train(straight_run, "--epochs", "1") == 2
    error = capsys.readouterr().err
    assert "--resume" in error and "not empty" in error
    assert os.path.getmtime(latest) == before


def test_overwrite_replaces_only_an_earlier_run(tmp_path, capsys):
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    assert _train(other, "--epochs", "1", "--overwrite") == 2
    assert "config.json" in capsys.readouterr().err
    assert (other / "notes.txt").read_text() == "keep me"
    run = tmp_path / "run"
    run.mkdir()
    (run / "config.json").write_text("{}")
    (run / "stale.txt").write_text("from an earlier run")
    # A bad flag is reported before anything is deleted.
    bad = ["--dataset", "no-such-dataset"]
    assert _train(run, "--epochs", "1", "--overwrite", *bad) == 2
    assert "no-such-dataset" in capsys.readouterr().err
    assert (run / "stale.txt").exists()
    assert _train(run, "--epochs", "1", "--overwrite") == 0
    assert not (run / "stale.txt").exists()
    assert (run / "checkpoints" / "epoch_001.keras").is_file()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["train", "nosuchgan"], "invalid choice: 'nosuchgan'"),
        (["train", "dcgan", "--epochs", "0"], "Expected a positive integer"),
        (["train", "dcgan", "--batch-size", "-3"], "positive integer"),
        (["sample", "missing.keras"], "Expected CHECKPOINT"),
        (["train", "dcgan", "--ema-decay", "1.5"], "strictly between 0 and 1"),
        (["sample", "run", "--out", "grid.txt"], "an image file name"),
    ],
)
def test_bad_input_is_a_clear_error(argv, message, capsys, tmp_path):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_resume_needs_a_checkpoint(tmp_path, capsys):
    assert _train(tmp_path / "none", "--resume") == 2
    assert "checkpoints/latest.json" in capsys.readouterr().err


def test_resume_needs_more_epochs(straight_run, capsys):
    assert _train(straight_run, "--epochs", "2", "--resume") == 2
    assert "more than the 2 epochs" in capsys.readouterr().err


def test_resume_rejects_changed_settings(straight_run, capsys):
    code = _train(straight_run, "--epochs", "3", "--resume", "--seed", "9")
    assert code == 2
    assert "--seed=5" in capsys.readouterr().err


@keras.saving.register_keras_serializable(package="keras_gans_tests")
class _DivergingDCGAN(DCGAN):
    """A DCGAN whose generator loss is NaN from its 5th update on."""

    def generator_loss(self, latents):
        loss, logs = super().generator_loss(latents)
        poisoned = ops.greater_equal(self.g_optimizer.iterations, 4)
        return ops.where(poisoned, ops.cast(np.nan, loss.dtype), loss), logs


@register_recipe("diverging-test")
class _DivergingRecipe(DCGANRecipe):
    help = "a DCGAN that diverges in its second epoch (tests only)"

    def build_model(self, args):
        model = _DivergingDCGAN(**self.model_kwargs(args), seed=args.seed)
        model.compile()
        return model


def test_nan_exits_non_zero_and_keeps_the_last_good_checkpoint(
    tmp_path, capsys
):
    out = tmp_path / "run"
    argv = ["train", "diverging-test", "--out", str(out), *TINY]
    assert main(argv + ["--epochs", "4"]) == 1
    error = capsys.readouterr().err
    assert "diverged" in error and "g_loss" in error
    assert "epoch_001.keras" in error
    epoch, model = _load_latest(out)
    assert epoch == 1
    assert np.isfinite(model.generate(4, seed=0)).all()
    assert not os.path.exists(out / "checkpoints" / "epoch_002.keras")


def test_ema_decay_keeps_an_averaged_generator(tmp_path):
    out = tmp_path / "ema"
    assert _train(out, "--epochs", "1", "--ema-decay", "0.9") == 0
    _, model = _load_latest(out)
    assert model.ema_decay == pytest.approx(0.9)
    assert model.ema_generator is not None
    averaged = ops.convert_to_numpy(model.ema_generator.weights[0])
    trained = ops.convert_to_numpy(model.generator.weights[0])
    # After a few updates the average lags behind the trained weights.
    assert not np.array_equal(averaged, trained)


def test_unknown_backend_is_a_clear_error(monkeypatch, capsys):
    monkeypatch.setenv("KERAS_BACKEND", "foo")
    assert main(["--help"]) == 2
    assert "KERAS_BACKEND='foo'" in capsys.readouterr().err


def test_too_few_images_leaves_no_half_made_run(tmp_path, capsys):
    data = tmp_path / "one"
    data.mkdir()
    Image.fromarray(np.zeros((20, 20), np.uint8)).save(data / "a.png")
    out = tmp_path / "run"
    assert _train(out, "--epochs", "1", "--dataset", str(data)) == 2
    assert "Expected at least" in capsys.readouterr().err
    # Nothing to resume, so nothing is left in the way of a second try.
    assert not out.exists()
