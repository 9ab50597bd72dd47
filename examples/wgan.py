"""Train a WGAN on scikit-learn's bundled handwritten digits.

    KERAS_BACKEND=tensorflow python examples/wgan.py --epochs 200
    KERAS_BACKEND=jax python examples/wgan.py --constraint gradient_penalty

Each form keeps its paper's settings. Weight clipping (Arjovsky et al.
2017): critic weights clipped to [-0.01, 0.01] after every update,
RMSprop(5e-5) for both networks. Gradient penalty (Gulrajani et al. 2017):
penalty weight 10, Adam(1e-4, beta_1=0, beta_2=0.9), no BatchNorm in the
critic. Both take 5 critic updates per generator update, and each step
draws 5 batches of digits, one per critic update. Writes a grid of samples
to wgan_digits.png (wgan_gp_digits.png for the penalty form). `--smoke`
runs a tiny configuration for one epoch (used by the test suite).
"""

import argparse

from keras_gans.data import load_digits
from keras_gans.models import WGAN
from keras_gans.utils.images import make_grid
from keras_gans.utils.images import save_image


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument(
        "--constraint",
        choices=("weight_clipping", "gradient_penalty"),
        default="weight_clipping",
    )
    parser.add_argument("--out", default=None)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if args.out is None:
        gp = args.constraint == "gradient_penalty"
        args.out = "wgan_gp_digits.png" if gp else "wgan_digits.png"

    preset, batch_size = "small", 64
    images = load_digits(image_size=16)
    if args.smoke:
        preset, batch_size, args.epochs = "tiny", 16, 1
        images = images[:160]
    model = WGAN.from_preset(preset, constraint=args.constraint, seed=0)
    model.compile()  # the form's own optimizers, 5 critic updates
    model.fit(images, epochs=args.epochs, batch_size=batch_size)
    save_image(args.out, make_grid(model.generate(64, seed=0)))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
