"""Colorize greyscale photographs with a GAN working in CIE Lab.

Trains the `skimage` ColorizationGAN preset (32x32 crops) on four colour
photographs shipped with scikit-image, then colorizes crops of a fifth,
held-out photograph and compares the colour error with the trivial answer
"no colour" (a = b = 0, the greyscale image): a and b in Lab units, RGB
L1 and PSNR. Writes a grid of greyscale input | colorized | original rows.

    KERAS_BACKEND=tensorflow python examples/colorization_photos.py
"""

import argparse
import time

import numpy as np
from keras import ops

from keras_gans import color
from keras_gans.callbacks.translation_grid import triples
from keras_gans.data import colorization
from keras_gans.data.unpaired import RandomCropBatches
from keras_gans.metrics import colorization_scores
from keras_gans.models import ColorizationGAN
from keras_gans.utils import save_image


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="colorization_photos.png")
    parser.add_argument(
        "--smoke", action="store_true", help="a tiny model, two steps"
    )
    args = parser.parse_args()

    preset = "tiny" if args.smoke else "skimage"
    model = ColorizationGAN.from_preset(preset, seed=args.seed)
    epochs = 1 if args.smoke else args.epochs
    # The reference code's schedule, scaled: constant, then a linear decay
    # to zero over the second half.
    model.compile(
        constant_epochs=epochs - epochs // 2, decay_epochs=epochs // 2
    )
    size = model.image_size
    data = colorization.skimage_color_photos(size)
    print(
        f"{len(data['train'])} training crops of "
        f"{colorization.TRAIN_PHOTOS}, {len(data['test'])} held-out crops "
        f"of {colorization.TEST_PHOTOS}"
    )
    batches = RandomCropBatches(
        data["train"],
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

    scores = colorization_scores(model, data["test"])
    for name in ("model", "ab_zero"):
        s = scores[name]
        print(
            f"{name:8} ab L1 {s['ab_l1']:.2f} (Lab units)  RGB L1 "
            f"{s['l1']:.3f}  PSNR {s['psnr']:.2f} dB"
        )

    picks = np.linspace(0, len(data["test"]) - 1, 8).astype(int)
    originals = data["test"][picks] / 127.5 - 1.0
    grey = ops.convert_to_numpy(color.rgb_to_grayscale(originals))
    save_image(args.out, triples(grey, model.colorize(grey), originals))
    print(f"Wrote {args.out}")


if __name__ == "__main__":
    main()
