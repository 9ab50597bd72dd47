"""Class-conditional GAN on scikit-learn's digits: ask for a digit, get it.

Trains a `ConditionalGAN` on the 1,797 bundled digits (no download), then
draws one row per class and reports how often a digit classifier trained
on real digits reads the label each image was asked for.

    python examples/conditional_gan.py                      # concat, 30 epochs
    python examples/conditional_gan.py --conditioning projection
    KERAS_BACKEND=jax python examples/conditional_gan.py --epochs 1 --preset tiny
"""

import argparse
import time

import keras
import numpy as np

from keras_gans.data import load_digits
from keras_gans.metrics.digits import label_accuracy
from keras_gans.models import ConditionalGAN
from keras_gans.utils import make_grid
from keras_gans.utils import save_image


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--conditioning", choices=("concat", "projection"), default="concat"
    )
    parser.add_argument("--preset", default="digits")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--out", default="cgan_digits.png")
    args = parser.parse_args()

    gan = ConditionalGAN.from_preset(
        args.preset, conditioning=args.conditioning, seed=0
    )
    size = gan.image_shape[0]
    images, labels, _ = load_digits(image_size=size, return_labels=True)
    if args.conditioning == "projection":
        # The paper's defaults (Adam beta_1=0, five discriminator updates)
        # need far more generator updates than a short run gives; DCGAN's
        # optimizer and one update each train in a few minutes.
        gan.compile(
            g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
            d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
            d_steps=1,
        )
    else:
        gan.compile()
    start = time.time()
    gan.fit(images, labels, epochs=args.epochs, batch_size=64, verbose=2)
    print(f"trained in {time.time() - start:.0f} s")

    # One row per class, ten samples each.
    rows = np.repeat(np.arange(gan.num_classes), 10)
    save_image(args.out, make_grid(gan.generate(labels=rows, seed=1), rows=10))
    print(f"wrote {args.out}")

    asked = np.repeat(np.arange(gan.num_classes), 100)
    result = label_accuracy(gan.generate(labels=asked, seed=2), asked)
    print(
        f"a digit classifier reads the asked label on "
        f"{result['label_accuracy']:.1%} of {result['num_images']} samples"
    )


if __name__ == "__main__":
    main()
