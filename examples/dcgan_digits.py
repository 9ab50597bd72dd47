"""Train a DCGAN on scikit-learn's bundled handwritten digits.

    KERAS_BACKEND=jax python examples/dcgan_digits.py --epochs 30

Writes a grid of samples to dcgan_digits.png. `--smoke` runs a tiny
configuration for one epoch (used by the test suite).
"""

import argparse

import keras_gans
from keras_gans.data import load_digits
from keras_gans.utils.images import make_grid
from keras_gans.utils.images import save_image


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--out", default="dcgan_digits.png")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()

    if args.smoke:
        gan = keras_gans.models.DCGAN.from_preset("tiny", seed=0)
        images = load_digits(image_size=16)[:128]
        args.epochs = 1
    else:
        gan = keras_gans.models.DCGAN(seed=0)  # the paper's defaults, 28x28
        images = load_digits(image_size=28)
    gan.compile()  # Adam(2e-4, beta_1=0.5) for both networks
    gan.fit(images, epochs=args.epochs, batch_size=64)
    samples = gan.generate(64, seed=0)
    save_image(args.out, make_grid(samples))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
