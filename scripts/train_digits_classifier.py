"""Trains the `digits` feature extractor and writes its weights into
keras_gans/assets/ (about 250 KB). Takes about a minute on two CPU cores:

    KERAS_BACKEND=tensorflow python scripts/train_digits_classifier.py
"""

import argparse
import time

from keras_gans.metrics.features import digits


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", default=digits.DEFAULT_WEIGHTS)
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    start = time.time()
    accuracy = digits.train(args.output, epochs=args.epochs, seed=args.seed)
    print(
        f"held-out accuracy {accuracy:.4f} ({time.time() - start:.0f} s); "
        f"weights written to {args.output}"
    )


if __name__ == "__main__":
    main()
