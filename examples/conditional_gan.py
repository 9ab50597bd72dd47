"""Class-conditional GAN on scikit-learn's digits: ask for a digit, get it.

    python examples/conditional_gan.py
    KERAS_BACKEND=jax python examples/conditional_gan.py --projection

Trains a `ConditionalGAN` on the 1,797 bundled digits (no download), writes
a grid with one row per digit to conditional_gan.png and reports how often
a classifier trained on real digits reads the digit each sample was asked
for. `--smoke` runs a tiny configuration for one epoch (used by the test
suite).
"""

import argparse

import keras
import numpy as np

from keras_gans.data import load_digits
from keras_gans.metrics.digits import label_accuracy
from keras_gans.models import ConditionalGAN
from keras_gans.utils.images import make_grid
from keras_gans.utils.images import save_image


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projection", action="store_true")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--out", default="conditional_gan.png")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()

    conditioning = "projection" if args.projection else "concat"
    preset = "tiny" if args.smoke else "digits"  # 16x16x1
    gan = ConditionalGAN.from_preset(preset, conditioning=conditioning, seed=0)
    images, labels, _ = load_digits(image_size=16, return_labels=True)
    if args.smoke:
        images, labels, args.epochs = images[:128], labels[:128], 1
    if args.projection:
        # The paper's settings (Adam(2e-4, beta_1=0, beta_2=0.9), five
        # discriminator updates per generator update) need far longer runs;
        # with DCGAN's optimizer and one update each it learns in minutes.
        gan.compile(
            g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
            d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
            d_steps=1,
        )
    else:
        gan.compile()  # DCGAN's: Adam(2e-4, beta_1=0.5), non-saturating
    gan.fit(images, labels, epochs=args.epochs, batch_size=64, verbose=2)

    # Ten samples of each digit, one row per digit.
    rows = np.repeat(np.arange(10), 10)
    samples = gan.generate(labels=rows, seed=1)
    save_image(args.out, make_grid(samples, rows=10))
    print(f"wrote {args.out}")

    asked = np.repeat(np.arange(10), 100)
    result = label_accuracy(gan.generate(labels=asked, seed=2), asked)
    print(
        f"a digit classifier reads the asked digit on "
        f"{result['label_accuracy']:.1%} of {result['num_images']} samples"
    )


if __name__ == "__main__":
    main()
