"""Pixel distances between translated images and their targets."""

import numpy as np


def translation_scores(outputs, targets):
    """Mean L1 distance and mean PSNR of outputs against targets.

    Args:
        outputs: images in [-1, 1], `(num_images, height, width, channels)`.
        targets: images of the same shape and range.

    Returns:
        A dict: `"l1"`, the mean absolute difference in [-1, 1] units (0
        is perfect, 2 the largest), and `"psnr"`, the peak signal-to-noise
        ratio in dB with pixels scaled to [0, 1], computed per image and
        averaged (higher is better; 10 dB is an RMS error of about 0.32).
    """
    outputs = np.asarray(outputs, dtype="float64")
    targets = np.asarray(targets, dtype="float64")
    if outputs.shape != targets.shape or outputs.ndim != 4:
        raise ValueError(
            "Expected outputs and targets of one shape (num_images, "
            f"height, width, channels). Received: outputs.shape="
            f"{outputs.shape}, targets.shape={targets.shape}"
        )
    l1 = np.abs(outputs - targets).mean()
    mse = (((outputs - targets) / 2.0) ** 2).mean(axis=(1, 2, 3))
    psnr = 10.0 * np.log10(1.0 / np.maximum(mse, 1e-10))
    return {"l1": float(l1), "psnr": float(psnr.mean())}
