"""Runs pytorch-fid's FID Inception on seeded random weights and saves the
reference outputs the Keras port is tested against.

pytorch-fid needs a newer torch than the one keras_gans tests with, so this
runs once, in its own environment:

    python3 -m venv /tmp/fidref
    /tmp/fidref/bin/pip install torch==2.14.1 torchvision==0.29.1
    /tmp/fidref/bin/pip install --no-deps pytorch-fid scipy pillow numpy
    /tmp/fidref/bin/python scripts/make_fid_inception_fixture.py

No weights are downloaded: the package's loader is handed the seeded
random state_dict instead. The fixture stores the parameter names and
shapes, the seed, the input images and the expected features and logits;
tests regenerate the weights from the seed (tests/fixtures/
fid_inception_seeded.py).
"""

import os
import sys

import numpy as np
import pytorch_fid
import pytorch_fid.inception as fid_inception
import torch
import torch.nn.functional as F
import torchvision

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "fixtures"))
from fid_inception_seeded import fixed_images  # noqa: E402
from fid_inception_seeded import seeded_state_dict  # noqa: E402

SEED = 2015
OUTPUT = os.path.join(ROOT, "tests", "fixtures", "fid_inception_reference.npz")


def main():
    torch.manual_seed(0)
    # The structure with untouched initial values, to read names and shapes.
    skeleton = fid_inception._inception_v3(
        num_classes=1008, aux_logits=False, weights=None
    )
    skeleton.Mixed_5b = fid_inception.FIDInceptionA(192, pool_features=32)
    skeleton.Mixed_5c = fid_inception.FIDInceptionA(256, pool_features=64)
    skeleton.Mixed_5d = fid_inception.FIDInceptionA(288, pool_features=64)
    skeleton.Mixed_6b = fid_inception.FIDInceptionC(768, channels_7x7=128)
    skeleton.Mixed_6c = fid_inception.FIDInceptionC(768, channels_7x7=160)
    skeleton.Mixed_6d = fid_inception.FIDInceptionC(768, channels_7x7=160)
    skeleton.Mixed_6e = fid_inception.FIDInceptionC(768, channels_7x7=192)
    skeleton.Mixed_7b = fid_inception.FIDInceptionE_1(1280)
    skeleton.Mixed_7c = fid_inception.FIDInceptionE_2(2048)
    reference = skeleton.state_dict()
    keys = [k for k in reference if not k.endswith("num_batches_tracked")]
    shapes = [tuple(reference[k].shape) for k in keys]
    state = seeded_state_dict(keys, shapes, SEED)
    full_state = {k: torch.from_numpy(v) for k, v in state.items()}
    for k in reference:
        if k.endswith("num_batches_tracked"):
            full_state[k] = reference[k]

    # The package's own constructor, with its download replaced.
    fid_inception.load_state_dict_from_url = lambda *a, **k: full_state
    outputs = {}
    for label, resize, shape in (
        ("resize", True, (2, 45, 37, 3)),
        ("small", False, (2, 96, 96, 3)),
    ):
        net = fid_inception.InceptionV3([3], resize_input=resize).eval()
        images = fixed_images(shape, seed=len(label))
        x = torch.from_numpy(images).permute(0, 3, 1, 2).float() / 255.0
        with torch.no_grad():
            pool = net(x)[0].flatten(1)
            # The wrapper stops at the pool; the logits (for the Inception
            # Score) are the network's own final layer on the pool.
            fc = torch.nn.Linear(2048, 1008)
            fc.weight.copy_(full_state["fc.weight"])
            fc.bias.copy_(full_state["fc.bias"])
            logits = fc(pool)
        outputs[f"images_{label}"] = images
        outputs[f"features_{label}"] = pool.numpy()
        outputs[f"logits_{label}"] = logits.numpy()

    # The resize on its own, for a focused check of the preprocessing.
    small = fixed_images((1, 11, 7, 1), seed=5).astype(np.float32) / 255.0
    t = torch.from_numpy(small).permute(0, 3, 1, 2)
    resized = F.interpolate(
        t, size=(299, 299), mode="bilinear", align_corners=False
    )
    outputs["resize_input"] = small
    outputs["resize_output"] = resized.permute(0, 2, 3, 1).numpy()

    np.savez_compressed(
        OUTPUT,
        keys=np.array(keys),
        shapes=np.array([",".join(map(str, s)) for s in shapes]),
        seed=np.array(SEED),
        versions=np.array(
            f"torch {torch.__version__}, torchvision "
            f"{torchvision.__version__}, pytorch-fid "
            f"{pytorch_fid.__version__}"
        ),
        **outputs,
    )
    for key, value in outputs.items():
        if key.startswith(("features", "logits")):
            print(key, value.shape, "mean |x| = %.4g" % np.abs(value).mean())
    print("wrote", OUTPUT, os.path.getsize(OUTPUT), "bytes")


if __name__ == "__main__":
    main()
