"""CycleGAN between everyday photographs and a stained-tissue micrograph.

Trains the `skimage` preset (32x32 crops) on two unpaired domains shipped
with scikit-image (keras_gans.data.unpaired): crops of four photographs
(A) and of the top of an immunohistochemistry micrograph (B). Then it
translates held-out crops (a fifth photograph, the bottom of the
micrograph) both ways and reports how far A -> B moved toward B - the
colour Frechet distance to held-out B and a domain classifier's P(B),
against the untranslated photographs - with the cycle errors. Writes a
grid of a | G(a) | F(G(a)) rows, then b | F(b) | G(F(b)).

    KERAS_BACKEND=tensorflow python examples/cyclegan_photos_to_micrograph.py
"""

import argparse
import time

import numpy as np

from keras_gans.callbacks.translation_grid import triples
from keras_gans.data import unpaired
from keras_gans.metrics import domain_transfer_scores
from keras_gans.models import CycleGAN
from keras_gans.utils import save_image


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="cyclegan_photos_to_micrograph.png")
    parser.add_argument(
        "--smoke", action="store_true", help="a tiny model, two steps"
    )
    args = parser.parse_args()

    preset = "tiny" if args.smoke else "skimage"
    model = CycleGAN.from_preset(preset, seed=args.seed)
    size = model.image_size
    data = unpaired.skimage_domains(size)
    print(
        f"A: {len(data['train_a'])} training crops of "
        f"{unpaired.DOMAIN_A_TRAIN}, {len(data['test_a'])} held out of "
        f"{unpaired.DOMAIN_A_TEST}; B: {len(data['train_b'])} training and "
        f"{len(data['test_b'])} held-out crops of the micrograph"
    )
    epochs = 1 if args.smoke else args.epochs
    # The paper's schedule, scaled: constant, then a linear decay to zero
    # over the second half.
    model.compile(
        constant_epochs=epochs - epochs // 2, decay_epochs=epochs // 2
    )
    batches = unpaired.RandomCropBatches(
        data["train_a"],
        data["train_b"],
        batch_size=args.batch_size,
        image_size=size,
        seed=args.seed,
    )
    start = time.perf_counter()
    model.fit(
        batches,
        epochs=epochs,
        steps_per_epoch=2 if args.smoke else None,
        verbose=2,
    )
    print(f"Trained in {time.perf_counter() - start:.0f} s")

    margin = (data["train_a"].shape[1] - size) // 2
    crop = slice(margin, margin + size)
    scores = domain_transfer_scores(
        model,
        data["train_a"][:, crop, crop],
        data["train_b"][:, crop, crop],
        data["test_a"],
        data["test_b"],
    )
    fd, p_b = scores["color_fd_to_b"], scores["classifier_p_b"]
    print(
        "Held-out colour Frechet distance to B: "
        f"photographs {fd['untranslated_a']:.0f}, "
        f"translated {fd['translated_a']:.0f}"
    )
    print(
        f"Domain classifier P(B): photographs {p_b['untranslated_a']:.2f}, "
        f"translated {p_b['translated_a']:.2f}, micrograph "
        f"{p_b['real_b']:.2f}"
    )
    print(
        f"Cycle error A -> B -> A: L1 {scores['cycle_a']['l1']:.3f}, "
        f"PSNR {scores['cycle_a']['psnr']:.1f} dB"
    )

    picks_a = np.linspace(0, len(data["test_a"]) - 1, 6).astype(int)
    picks_b = np.linspace(0, len(data["test_b"]) - 1, 6).astype(int)
    a, b = data["test_a"][picks_a], data["test_b"][picks_b]
    fake_b = model.translate(a, direction="a_to_b")
    fake_a = model.translate(b, direction="b_to_a")
    grid = triples(
        np.concatenate([a / 127.5 - 1.0, b / 127.5 - 1.0]),
        np.concatenate([fake_b, fake_a]),
        np.concatenate(
            [
                model.translate(fake_b, direction="b_to_a"),
                model.translate(fake_a, direction="a_to_b"),
            ]
        ),
    )
    save_image(args.out, grid)
    print(f"Wrote {args.out}")


if __name__ == "__main__":
    main()
