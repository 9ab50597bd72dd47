"""WGAN with weight clipping on scikit-learn's bundled digits (no download).

Trains `WGAN(constraint="weight_clipping")` with the paper's settings
(weights clipped to 0.01, 5 critic updates per generator update,
RMSprop(5e-5)) on the 1,797 8x8 digits upsampled to 16x16, then writes a
grid of samples.
A few minutes on two CPU cores with TensorFlow:

    KERAS_BACKEND=tensorflow python examples/wgan.py --epochs 30
"""

import argparse

import numpy as np
from PIL import Image
from sklearn.datasets import load_digits

from keras_gans.models import WGAN


def digits_16x16():
    """The digits in [-1, 1], upsampled 8x8 -> 16x16 by pixel repetition."""
    images = load_digits().images.astype("float32") / 16.0
    images = images.repeat(2, axis=1).repeat(2, axis=2)[..., None]
    return images * 2.0 - 1.0


def save_grid(images, path, columns=8):
    """Writes images in [-1, 1] as one PNG grid."""
    images = np.clip((images[..., 0] + 1.0) * 127.5, 0, 255).astype("uint8")
    rows = len(images) // columns
    size = images.shape[1]
    grid = images[: rows * columns].reshape(rows, columns, size, size)
    grid = grid.transpose(0, 2, 1, 3).reshape(rows * size, columns * size)
    Image.fromarray(grid).resize(
        (columns * size * 4, rows * size * 4), Image.NEAREST
    ).save(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--out", default="wgan_samples.png")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    model = WGAN.from_preset(
        "small", constraint="weight_clipping", seed=args.seed
    )
    model.compile()
    # Each step draws 5 * batch_size digits: one batch per critic update.
    model.fit(digits_16x16(), epochs=args.epochs, batch_size=args.batch_size)
    save_grid(model.generate(64, seed=args.seed), args.out)
    print(f"Wrote {args.out}")


if __name__ == "__main__":
    main()
