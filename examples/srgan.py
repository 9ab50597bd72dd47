"""SRGAN on scikit-image's bundled photographs, in two phases.

Phase 1 trains the generator alone on the pixel loss (SRResNet-MSE);
phase 2 trains it against the discriminator (SRGAN). Both are scored on
crops of photographs held out from training, beside bicubic upscaling.

The content loss of phase 2 is the paper's VGG54 when the ImageNet VGG19
weights are available (cached by Keras, downloadable, or given with
--vgg-weights); otherwise the pixel loss, and the result is labelled
SRGAN-MSE.

    KERAS_BACKEND=tensorflow python examples/srgan.py --out runs/srgan_demo
"""

import argparse
import json
import os
import time

import keras
import numpy as np
from PIL import Image

from keras_gans.data import super_resolution as sr
from keras_gans.losses import MissingWeightsError
from keras_gans.losses import VGGContentLoss
from keras_gans.models import SRGAN


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="runs/srgan_demo")
    parser.add_argument("--preset", default="demo")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--mse-steps", type=int, default=1500)
    parser.add_argument("--gan-steps", type=int, default=500)
    parser.add_argument("--mse-learning-rate", type=float, default=1e-3)
    parser.add_argument("--gan-learning-rate", type=float, default=1e-4)
    parser.add_argument("--held-out-crops", type=int, default=64)
    parser.add_argument("--vgg-weights", default="imagenet")
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args()


def fit_steps(model, data, steps, held_out, label):
    data.steps_per_epoch = min(100, steps)
    start = time.time()
    model.fit(
        data,
        epochs=max(1, steps // data.steps_per_epoch),
        validation_data=(held_out[0], held_out[1]),
        verbose=2,
    )
    seconds = time.time() - start
    scores = model.benchmark(*held_out)
    print(
        f"{label}: PSNR {scores['psnr']:.2f} dB, SSIM {scores['ssim']:.4f} "
        f"(bicubic {scores['bicubic_psnr']:.2f} dB, "
        f"{scores['bicubic_ssim']:.4f}) after {seconds:.0f} s"
    )
    return {**scores, "seconds": round(seconds, 1), "steps": steps}


def comparison_grid(rows, path):
    """One row per crop: low-res (nearest), bicubic, models..., original."""
    lines = [np.concatenate(row, axis=1) for row in rows]
    Image.fromarray(np.concatenate(lines, axis=0)).save(path)


def main():
    args = parse_args()
    os.makedirs(args.out, exist_ok=True)
    keras.utils.set_random_seed(args.seed)
    model = SRGAN.from_preset(args.preset)
    scale, crop = model.scale, model.crop_size
    train = sr.SuperResolutionCrops(
        sr.embedded_photographs("train"),
        crop_size=crop,
        scale=scale,
        batch_size=args.batch_size,
        seed=args.seed,
    )
    held_out = sr.make_crops(
        sr.embedded_photographs("test"),
        args.held_out_crops,
        crop,
        scale,
        seed=1,
    )
    results = {"backend": keras.backend.backend(), "preset": args.preset}

    # Phase 1: SRResNet on the pixel loss.
    model.compile(
        phase="mse", g_optimizer=keras.optimizers.Adam(args.mse_learning_rate)
    )
    results[model.variant] = fit_steps(
        model, train, args.mse_steps, held_out, model.variant
    )
    model.save(os.path.join(args.out, "srresnet.keras"))
    srresnet = model.upscale(held_out[0][:4])

    # Phase 2: the GAN, starting from the SRResNet generator.
    try:
        content = VGGContentLoss(weights=args.vgg_weights)
    except MissingWeightsError as error:
        print(f"No VGG19 weights, so the pixel loss is used: {error}")
        content = "mse"
    model.compile(
        phase="gan",
        content_loss=content,
        g_optimizer=keras.optimizers.Adam(args.gan_learning_rate),
        d_optimizer=keras.optimizers.Adam(args.gan_learning_rate),
    )
    results[model.variant] = fit_steps(
        model, train, args.gan_steps, held_out, model.variant
    )
    model.save(os.path.join(args.out, "srgan.keras"))

    low, high = held_out[0][:4], held_out[1][:4]
    rows = [
        [
            np.kron(lo, np.ones((scale, scale, 1), "uint8")),
            sr.bicubic_upscale(lo, scale),
            a,
            b,
            hi,
        ]
        for lo, a, b, hi in zip(low, srresnet, model.upscale(low), high)
    ]
    comparison_grid(rows, os.path.join(args.out, "comparison.png"))
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
