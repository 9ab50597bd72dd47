"""Short training runs on scikit-learn's digits, measured as they go.

Trains one small model at 16x16x1 (32-d latents, 32 filters) on the first
`--subset` of scikit-learn's 1,797 digits (8x8, upsampled to 16x16 by pixel
repetition), once per DiffAugment policy (`none` for no augmentation) and
seed, and prints one JSON line per checkpoint:

- `confident` and `min_class_share` from
  `keras_gans.metrics.digits.recognizability` on 1,000 samples: the
  fraction of samples a digit classifier trained on real digits is
  confident on, and the smallest share of any digit class among them;
- `fid_digits`: FID of the 1,000 samples against all 1,797 digits in the
  feature space of `keras_gans.metrics` "digits" extractor;
- `overfit_gap`: the discriminator's mean output on the training digits
  minus that on as many held-out digits (DiffAugment's paper shows this gap
  widening when the discriminator memorises a small set; only with
  `--subset` below 899);
- `copy_ratio`: the samples' mean distance to their nearest training digit
  divided by that to their nearest held-out digit (pixels, same set
  sizes); well below 1 means the generator reproduces its training set;
- wall time of training so far (evaluation excluded), and the losses.

Models: `dcgan` (DCGAN, the paper's Adam(2e-4, 0.5) and non-saturating
loss), `wgan` (weight clipping) and `wgan-gp` (gradient penalty), each with
its paper's `compile()` defaults.

    # DiffAugment's effect on 200 digits
    KERAS_BACKEND=tensorflow python benchmarks/digits_training.py \
        --model dcgan --subset 200 --steps 1800
    # WGAN-GP on all digits
    KERAS_BACKEND=tensorflow python benchmarks/digits_training.py \
        --model wgan-gp --subset 1797 --policies none --steps 1500
"""

import argparse
import json
import os
import time

import numpy as np


def load(subset):
    from sklearn.datasets import load_digits

    images = load_digits().images.astype("float32") / 16.0
    images = images.repeat(2, axis=1).repeat(2, axis=2)[..., None]
    images = images * 2.0 - 1.0
    held_out = None
    if 2 * subset <= len(images):
        held_out = images[subset : 2 * subset]
    return images[:subset], held_out, images


def build(name, seed):
    from keras_gans.models import DCGAN
    from keras_gans.models import WGAN

    if name == "dcgan":
        return DCGAN(
            image_shape=(16, 16, 1),
            latent_dim=32,
            generator_filters=32,
            discriminator_filters=32,
            seed=seed,
        )
    constraint = "weight_clipping" if name == "wgan" else "gradient_penalty"
    return WGAN.from_preset("small", constraint=constraint, seed=seed)


def mean_output(model, images):
    from keras import ops

    return float(np.mean(ops.convert_to_numpy(model.discriminator(images))))


def nearest_distance(samples, images):
    """Mean L2 distance from each sample to its nearest image."""
    a = samples.reshape(len(samples), -1).astype("float64")
    b = images.reshape(len(images), -1).astype("float64")
    squared = (a**2).sum(1)[:, None] - 2 * a @ b.T + (b**2).sum(1)[None]
    return float(np.sqrt(np.maximum(squared.min(axis=1), 0)).mean())


def run(args, policy, seed):
    import keras

    from keras_gans.metrics import fid
    from keras_gans.metrics.digits import recognizability

    train, held_out, everything = load(args.subset)
    keras.utils.set_random_seed(seed)
    model = build(args.model, seed)
    model.compile(augment=policy)
    per_epoch = len(train) // (args.batch_size * model.d_steps)
    done, elapsed = 0, 0.0
    while done < args.steps:
        epochs = max(1, args.every // per_epoch)
        start = time.perf_counter()
        history = model.fit(
            train, batch_size=args.batch_size, epochs=epochs, verbose=0
        )
        elapsed += time.perf_counter() - start
        done += epochs * per_epoch
        samples = model.generate(1000, seed=1000 + seed)
        result = recognizability(samples)
        if args.samples:
            from keras_gans.utils.images import make_grid
            from keras_gans.utils.images import save_image

            name = f"{args.model}_{policy or 'none'}_{seed}_{done:05d}.png"
            os.makedirs(args.samples, exist_ok=True)
            save_image(
                os.path.join(args.samples, name.replace(",", "+")),
                make_grid(samples[:64]),
            )
        row = {
            "backend": keras.backend.backend(),
            "model": args.model,
            "subset": len(train),
            "policy": policy or "none",
            "seed": seed,
            "g_steps": done,
            "train_seconds": round(elapsed, 1),
            "confident": round(result["confident_fraction"], 3),
            "min_class_share": round(result["min_class_share"], 3),
            "fid_digits": round(float(fid(everything, samples)), 2),
        }
        for key in ("d_loss", "g_loss", "wasserstein"):
            if key in history.history:
                row[key] = round(float(history.history[key][-1]), 4)
        if held_out is not None:
            row["copy_ratio"] = round(
                nearest_distance(samples, train)
                / nearest_distance(samples, held_out),
                3,
            )
            row["overfit_gap"] = round(
                mean_output(model, train) - mean_output(model, held_out), 3
            )
        print(json.dumps(row), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--model", choices=("dcgan", "wgan", "wgan-gp"), default="dcgan"
    )
    parser.add_argument("--subset", type=int, default=200)
    parser.add_argument(
        "--steps", type=int, default=1800, help="generator updates"
    )
    parser.add_argument(
        "--every", type=int, default=300, help="steps between checkpoints"
    )
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument(
        "--samples", default=None, help="folder for a grid per checkpoint"
    )
    parser.add_argument(
        "--policies",
        nargs="+",
        default=["none", "color,translation,cutout"],
        help="'none' or DiffAugment policies",
    )
    args = parser.parse_args()
    for seed in args.seeds:
        for policy in args.policies:
            run(args, None if policy == "none" else policy, seed)


if __name__ == "__main__":
    main()
