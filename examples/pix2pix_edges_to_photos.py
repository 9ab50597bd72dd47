"""Pix2Pix on edges-to-photo pairs cut from scikit-image's photographs.

Trains the `edges_to_photos` preset (64x64, 32 filters, 34x34 patches) on
crops of four photographs, then translates held-out crops of two other
photographs and compares them with the targets (L1 and PSNR) beside the
trivial "output = input" baseline. Writes a grid of input | output |
target triples. About ten minutes on TensorFlow on two CPU cores.

    KERAS_BACKEND=tensorflow python examples/pix2pix_edges_to_photos.py
"""

import argparse
import time

import numpy as np
from PIL import Image

from keras_gans.data.edges_to_photos import load_edges_to_photos
from keras_gans.data.paired_images import PairedImageDataset
from keras_gans.models import Pix2Pix


def scores(outputs, targets):
    """Mean L1 in [-1, 1] units and mean PSNR (dB, images in [0, 1])."""
    l1 = np.abs(outputs - targets).mean()
    mse = (((outputs - targets) / 2.0) ** 2).mean(axis=(1, 2, 3))
    psnr = (10 * np.log10(1.0 / np.maximum(mse, 1e-10))).mean()
    return float(l1), float(psnr)


def triples(inputs, outputs, targets, rows=8):
    """A grid with one input | output | target triple per row."""

    def u8(x):
        return np.clip((x + 1.0) * 127.5, 0, 255).round().astype(np.uint8)

    picks = np.linspace(0, len(inputs) - 1, rows).astype(int)
    return np.concatenate(
        [
            np.concatenate([u8(inputs[i]), u8(outputs[i]), u8(targets[i])], 1)
            for i in picks
        ],
        0,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="pix2pix_edges_to_photos.png")
    args = parser.parse_args()

    data = load_edges_to_photos(image_size=64)
    (train_x, train_y), (test_x, test_y) = data["train"], data["test"]
    print(
        f"{len(train_x)} training pairs from {data['train_photos']}, "
        f"{len(test_x)} held-out pairs from {data['test_photos']}"
    )
    model = Pix2Pix.from_preset("edges_to_photos", seed=args.seed)
    model.compile()
    dataset = PairedImageDataset(
        train_x, train_y, args.batch_size, seed=args.seed
    )
    start = time.time()
    model.fit(dataset, epochs=args.epochs, verbose=2)
    minutes = (time.time() - start) / 60

    inputs = test_x.astype("float32") / 127.5 - 1.0
    targets = test_y.astype("float32") / 127.5 - 1.0
    outputs = model.translate(inputs)
    mean_colour = np.broadcast_to(
        (train_y.astype("float32") / 127.5 - 1.0).mean(axis=(0, 1, 2)),
        targets.shape,
    )
    print(f"trained {args.epochs} epochs in {minutes:.1f} min")
    for name, guess in (
        ("Pix2Pix", outputs),
        ("output = input", inputs),
        ("mean training colour", mean_colour),
    ):
        l1, psnr = scores(guess, targets)
        print(f"{name:>22}: L1 {l1:.3f}  PSNR {psnr:.2f} dB")
    Image.fromarray(triples(inputs, outputs, targets)).save(args.out)
    print(f"wrote {args.out} (input | output | target)")


if __name__ == "__main__":
    main()
