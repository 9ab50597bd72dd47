"""Train Pix2Pix to turn edge maps into photographs, without a download.

    KERAS_BACKEND=tensorflow python examples/pix2pix_edges_to_photos.py

The pairs are Canny edge maps and 64x64 crops of five of scikit-image's
photographs; the held-out pairs come from a sixth (the cat), never seen in
training. Trains the `edges_to_photos` preset (about ten minutes on two
CPU cores with TensorFlow), then prints L1 and PSNR on the held-out pairs
beside two trivial answers and writes input | output | target rows to
pix2pix_edges_to_photos.png. `--smoke` runs a tiny configuration for a
few steps (used by the test suite).
"""

import argparse

import numpy as np

import keras_gans
from keras_gans.callbacks.translation_grid import triples
from keras_gans.data.edges_to_photos import load_edges_to_photos
from keras_gans.data.paired_images import PairedImageDataset
from keras_gans.metrics import translation_scores
from keras_gans.utils import save_image


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--out", default="pix2pix_edges_to_photos.png")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()

    preset, steps = ("tiny", 2) if args.smoke else ("edges_to_photos", None)
    model = keras_gans.models.Pix2Pix.from_preset(preset, seed=0)
    data = load_edges_to_photos(image_size=model.image_size)
    (edges, photos), (test_edges, test_photos) = data["train"], data["test"]
    # Random jitter (resize up, crop back) and mirroring, as in the paper.
    pairs = PairedImageDataset(edges, photos, batch_size=8, seed=0)
    model.compile()  # Adam(2e-4, beta_1=0.5), BCE + 100 x L1
    model.fit(
        pairs,
        epochs=1 if args.smoke else args.epochs,
        steps_per_epoch=steps,
        verbose=2,
    )

    inputs = test_edges.astype("float32") / 127.5 - 1.0
    targets = test_photos.astype("float32") / 127.5 - 1.0
    outputs = model.translate(inputs)  # dropout on, as in the paper
    mean_colour = photos.reshape(-1, 3).mean(axis=0) / 127.5 - 1.0
    for name, guess in (
        ("Pix2Pix", outputs),
        ("output = input", inputs),
        ("mean training colour", np.broadcast_to(mean_colour, targets.shape)),
    ):
        scores = translation_scores(guess, targets)
        print(
            f"{name:>20}: L1 {scores['l1']:.3f}  PSNR {scores['psnr']:.2f} dB"
        )
    picks = np.linspace(0, len(inputs) - 1, 8).round().astype(int)
    save_image(args.out, triples(inputs[picks], outputs[picks], targets[picks]))
    print(f"wrote {args.out} (input | output | target)")


if __name__ == "__main__":
    main()
