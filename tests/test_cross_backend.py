"""A generator saved under one backend samples the same under the others."""

import os
import subprocess
import sys
import textwrap

import numpy as np

from keras_gans import backend
from keras_gans.models import DCGAN

_LOAD_AND_SAMPLE = textwrap.dedent(
    """
    import sys
    import numpy as np
    import keras
    import keras_gans  # registers the package's serializable objects
    generator = keras.saving.load_model(sys.argv[1])
    latents = np.load(sys.argv[2])
    images = keras.ops.convert_to_numpy(generator(latents, training=False))
    np.save(sys.argv[3], images)
    """
)


def test_generator_samples_match_on_every_backend(tmp_path):
    model = DCGAN(**{**DCGAN.presets()["tiny"], "image_shape": (16, 16, 3)})
    path = tmp_path / "generator.keras"
    model.generator.save(path)
    latents = model.sample_latents(6, seed=11)
    np.save(tmp_path / "latents.npy", latents)
    expected = model.generate(latents=latents)

    others = [b for b in ("tensorflow", "jax", "torch") if b != backend.name()]
    for other in others:
        out = tmp_path / f"{other}.npy"
        env = dict(os.environ, KERAS_BACKEND=other, TF_CPP_MIN_LOG_LEVEL="3")
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                _LOAD_AND_SAMPLE,
                str(path),
                str(tmp_path / "latents.npy"),
                str(out),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        received = np.load(out)
        # Same weights and latents; only float rounding differs between
        # the frameworks' convolution kernels.
        np.testing.assert_allclose(received, expected, atol=1e-5, rtol=0)
