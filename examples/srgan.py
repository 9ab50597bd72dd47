"""SRGAN on scikit-image's bundled photographs, in the paper's two phases.

    KERAS_BACKEND=tensorflow python examples/srgan.py

Phase 1 trains the generator alone on the pixel loss (SRResNet-MSE);
phase 2 trains it against the discriminator (SRGAN). Each is scored on
crops of photographs held out from training (PSNR/SSIM on luma), beside
bicubic upscaling. Writes srgan.png (rows of held-out crops: low-res,
bicubic, SRResNet, SRGAN, original), srgan.json (the scores) and the two
models as .keras files beside it. `--smoke` runs a tiny configuration for a
few steps (used by the test suite).

The content loss of phase 2 is the paper's VGG54 when the ImageNet VGG19
weights are available (cached by Keras, downloadable, or --vgg-weights);
otherwise the pixel loss, and the result is labelled SRGAN-MSE.
"""

import argparse
import json
import os
import time

import keras
import numpy as np

from keras_gans.data import super_resolution as sr
from keras_gans.losses import MissingWeightsError
from keras_gans.losses import VGGContentLoss
from keras_gans.models import SRGAN
from keras_gans.utils.images import save_image


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="srgan.png")
    parser.add_argument("--preset", default="demo")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--mse-steps", type=int, default=3000)
    parser.add_argument("--gan-steps", type=int, default=600)
    parser.add_argument("--mse-learning-rate", type=float, default=1e-3)
    parser.add_argument("--gan-learning-rate", type=float, default=1e-4)
    parser.add_argument("--held-out-crops", type=int, default=64)
    parser.add_argument("--held-out-size", type=int, default=128)
    parser.add_argument("--vgg-weights", default="imagenet")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--smoke", action="store_true")
    return parser.parse_args()


def train_phase(model, data, steps, held_out):
    """Fits `steps` updates, validating every 100; returns the scores."""
    data.steps_per_epoch = min(100, steps)
    start, cpu = time.time(), time.process_time()
    model.fit(
        data,
        epochs=max(1, steps // data.steps_per_epoch),
        validation_data=held_out,
        verbose=2,
    )
    wall, cpu = time.time() - start, time.process_time() - cpu
    scores = model.benchmark(*held_out)
    print(
        f"{model.variant}: PSNR {scores['psnr']:.2f} dB, SSIM "
        f"{scores['ssim']:.4f} (bicubic {scores['bicubic_psnr']:.2f} dB, "
        f"{scores['bicubic_ssim']:.4f}); {steps} steps in {wall:.0f} s "
        f"({cpu:.0f} CPU-s)"
    )
    return {
        **{key: round(value, 4) for key, value in scores.items()},
        "steps": steps,
        "wall_seconds": round(wall, 1),
        "cpu_seconds": round(cpu, 1),
    }


def main():
    args = parse_args()
    if args.smoke:
        args.preset, args.batch_size = "tiny", 4
        args.mse_steps, args.gan_steps = 3, 2
        args.held_out_crops, args.held_out_size = 4, 32
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
        args.held_out_size,
        scale,
        seed=1,
    )
    stem = os.path.splitext(args.out)[0]
    results = {"backend": keras.backend.backend(), "preset": args.preset}

    # Phase 1: SRResNet on the pixel loss. The paper runs 10^6 updates at
    # 1e-4; a short run needs a larger rate, decayed to 5% of it.
    rate = keras.optimizers.schedules.CosineDecay(
        args.mse_learning_rate, args.mse_steps, alpha=0.05
    )
    model.compile(phase="mse", g_optimizer=keras.optimizers.Adam(rate))
    results[model.variant] = train_phase(model, train, args.mse_steps, held_out)
    model.save(stem + "_srresnet.keras")
    srresnet = model.upscale(held_out[0][:4])

    # Phase 2: the GAN, starting from the SRResNet generator.
    try:
        content = VGGContentLoss(weights=args.vgg_weights)
    except MissingWeightsError as error:
        print(f"No VGG19 weights, so the pixel loss is used. {error}")
        content = "mse"
    model.compile(
        phase="gan",
        content_loss=content,
        g_optimizer=keras.optimizers.Adam(args.gan_learning_rate),
        d_optimizer=keras.optimizers.Adam(args.gan_learning_rate),
    )
    results[model.variant] = train_phase(model, train, args.gan_steps, held_out)
    model.save(stem + "_srgan.keras")

    low, high = held_out[0][:4], held_out[1][:4]
    rows = [
        np.concatenate(
            [
                np.repeat(np.repeat(lo, scale, axis=0), scale, axis=1),
                sr.bicubic_upscale(lo, scale),
                a,
                b,
                hi,
            ],
            axis=1,
        )
        for lo, a, b, hi in zip(low, srresnet, model.upscale(low), high)
    ]
    save_image(args.out, np.concatenate(rows, axis=0))
    with open(stem + ".json", "w") as f:
        json.dump(results, f, indent=2)
    print(json.dumps(results, indent=2))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
