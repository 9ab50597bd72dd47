"""`keras-gans evaluate` and `keras-gans train --eval-every`."""

import csv
import json
import os

import pytest

from keras_gans.cli import main

TINY = ["--preset", "tiny", "--batch-size", "16", "--verbose", "0"]
TINY += ["--steps-per-epoch", "3"]


@pytest.fixture(scope="module")
def evaluated_run(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("eval") / "run")
    argv = ["train", "dcgan", "--out", out, "--epochs", "2", *TINY]
    argv += ["--eval-every", "1", "--eval-samples", "200"]
    assert main(argv) == 0
    return out


def test_train_logs_metrics_and_keeps_the_best(evaluated_run):
    with open(os.path.join(evaluated_run, "losses.csv")) as f:
        rows = list(csv.DictReader(f))
    fids = [float(row["fid"]) for row in rows]
    assert len(fids) == 2 and all(v > 0 for v in fids)
    assert os.path.isfile(os.path.join(evaluated_run, "best.keras"))


def test_evaluate_prints_a_table(evaluated_run, tmp_path, capsys):
    report = str(tmp_path / "eval.json")
    argv = ["evaluate", evaluated_run, "--num-samples", "200"]
    argv += ["--metrics", "fid,kid,is,pr", "--json", report]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "best.keras" in out
    lines = out.splitlines()
    header = next(
        i for i, line in enumerate(lines) if line.startswith("metric")
    )
    table = {line.split()[0]: line.split() for line in lines[header + 1 :]}
    assert set(table) == {"fid", "kid", "is", "precision", "recall"}
    for row in table.values():
        assert "digits" in row and row[-1] == "200"
    assert table["is"][4] == "-"  # no real images behind IS
    with open(report) as f:
        saved = json.load(f)
    assert saved["results"]["fid"]["num_real"] == 200
    assert saved["results"]["fid"]["values"]["fid"] == pytest.approx(
        float(table["fid"][1]), abs=1e-4
    )


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--metrics", "fjd"], "Expected a metric among"),
        (
            ["--features", "inception", "--weights", "missing.pth"],
            "FID Inception weights were not found",
        ),
        (["--dataset", "no/such/folder"], "Expected --dataset"),
    ],
)
def test_evaluate_bad_input(evaluated_run, extra, message, capsys):
    assert main(["evaluate", evaluated_run, *extra]) == 2
    assert message in capsys.readouterr().err


def test_evaluate_reads_a_folder_of_class_folders(evaluated_run, tmp_path):
    # The layout `train --dataset` takes for labelled images.
    import numpy as np
    from PIL import Image

    from keras_gans.data import load_digits

    digits, labels = load_digits(image_size=16, return_labels=True)[:2]
    for i in range(40):
        folder = tmp_path / "classes" / str(labels[i])
        folder.mkdir(parents=True, exist_ok=True)
        pixels = ((digits[i, ..., 0] + 1) * 127.5).astype(np.uint8)
        Image.fromarray(pixels).save(folder / f"{i}.png")
    argv = ["evaluate", evaluated_run, "--num-samples", "40"]
    argv += ["--metrics", "kid", "--dataset", str(tmp_path / "classes")]
    assert main(argv) == 0
