"""Train a WGAN-GP on scikit-learn's bundled handwritten digits.

    KERAS_BACKEND=tensorflow python examples/wgan_gp.py --epochs 200

The gradient-penalty form with its paper's settings: penalty weight 10,
5 critic updates per generator update, Adam(1e-4, beta_1=0, beta_2=0.9)
for both networks, no BatchNorm in the critic. Each step
draws 5 batches of digits, one per critic update. Writes a grid of samples
to wgan_gp_digits.png. `--smoke` runs a tiny configuration for one epoch
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
    parser.add_argument("--out", default="wgan_gp_digits.png")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()

    preset, batch_size = "small", 64
    images = load_digits(image_size=16)
    if args.smoke:
        preset, batch_size, args.epochs = "tiny", 16, 1
        images = images[:160]
    model = WGAN.from_preset(preset, constraint="gradient_penalty", seed=0)
    model.compile()  # the paper's optimizers, 5 critic updates
    model.fit(images, epochs=args.epochs, batch_size=batch_size)
    save_image(args.out, make_grid(model.generate(64, seed=0)))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
