"""Train a WGAN with weight clipping on scikit-learn's bundled digits.

    KERAS_BACKEND=tensorflow python examples/wgan.py --epochs 200

The weight-clipping form with its paper's settings: critic weights
clipped to [-0.01, 0.01] after every update, 5 critic updates per
generator update, RMSprop(5e-5) for both networks. Each step
draws 5 batches of digits, one per critic update. Writes a grid of samples
to wgan_digits.png. `--smoke` runs a tiny configuration for one epoch
(used by the test suite).
"""

import argparse

from keras_gans.data import load_digits
from keras_gans.models import WGAN
from keras_gans.utils.images import make_grid
from keras_gans.utils.images import save_image


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--out", default="wgan_digits.png")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()

    preset, batch_size = "small", 64
    images = load_digits(image_size=16)
    if args.smoke:
        preset, batch_size, args.epochs = "tiny", 16, 1
        images = images[:160]
    model = WGAN.from_preset(preset, constraint="weight_clipping", seed=0)
    model.compile()  # the paper's optimizers, 5 critic updates
    model.fit(images, epochs=args.epochs, batch_size=batch_size)
    save_image(args.out, make_grid(model.generate(64, seed=0)))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
