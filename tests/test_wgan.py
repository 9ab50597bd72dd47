"""WGAN with weight clipping and with a gradient penalty."""

import numpy as np
import pytest
import keras

from keras_gans import backend
from keras_gans import losses
from keras_gans.models import WGAN
from tests.conftest import to_numpy


class _RecordsClipping(WGAN):
    """Keeps the largest critic weight seen right after any critic update."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.largest_weight = keras.Variable(
            0.0, trainable=False, name="largest_weight"
        )

    def after_discriminator_update(self):
        super().after_discriminator_update()
        largest = keras.ops.max(
            keras.ops.stack(
                [
                    keras.ops.max(keras.ops.abs(v))
                    for v in self.discriminator.trainable_variables
                ]
            )
        )
        self.largest_weight.assign(
            keras.ops.maximum(self.largest_weight, largest)
        )


def _tiny(cls=WGAN, **kwargs):
    return cls(**{**WGAN.presets()["tiny"], "seed": 3, **kwargs})


def test_paper_defaults():
    clip = _tiny()
    clip.compile()
    assert clip.d_steps == 5
    assert isinstance(clip.loss_fn, losses.WassersteinLoss)
    for opt in (clip.g_optimizer, clip.d_optimizer):
        assert isinstance(opt, keras.optimizers.RMSprop)
        np.testing.assert_allclose(float(opt.learning_rate), 5e-5)
    assert clip.clip_value == 0.01
    gp = _tiny(constraint="gradient_penalty")
    gp.compile()
    assert gp.gp_weight == 10.0 and gp.d_steps == 5
    for opt in (gp.g_optimizer, gp.d_optimizer):
        assert isinstance(opt, keras.optimizers.Adam)
        np.testing.assert_allclose(float(opt.learning_rate), 1e-4)
        assert opt.beta_1 == 0.0 and opt.beta_2 == 0.9
    # The critic: a linear score, BatchNorm only with weight clipping.
    for model, has_bn in ((clip, True), (gp, False)):
        kinds = [type(layer).__name__ for layer in model.discriminator.layers]
        assert ("BatchNormalization" in kinds) is has_bn
        score = model.discriminator.layers[-1]
        assert score.activation is keras.activations.linear


def test_gradient_penalty_trains(tiny_images):
    model = _tiny(constraint="gradient_penalty")
    model.compile()
    before = to_numpy(model.discriminator.trainable_variables)
    # 64 images, 5 critic updates of 8 per step: one step per epoch.
    history = model.fit(tiny_images, batch_size=8, epochs=2, verbose=0)
    logs = history.history
    for key in ("d_loss", "g_loss", "wasserstein", "gradient_penalty"):
        assert np.isfinite(logs[key]).all(), key
    assert int(model.d_optimizer.iterations.numpy()) == 10
    assert int(model.g_optimizer.iterations.numpy()) == 2
    after = to_numpy(model.discriminator.trainable_variables)
    names = [v.path for v in model.discriminator.trainable_variables]
    for name, a, b in zip(names, before, after):
        if name.endswith("score/bias"):
            # Neither the Wasserstein loss nor the penalty depends on a
            # constant offset of the score: its gradient is exactly 0.
            np.testing.assert_array_equal(a, b)
        else:
            assert not np.array_equal(a, b), name
    expected = backend.name() in ("tensorflow", "jax")
    assert model._step_was_compiled is expected


def test_logged_estimate_and_penalty(tiny_images):
    # One critic update: d_loss = -wasserstein + 10 * gradient_penalty.
    model = _tiny(constraint="gradient_penalty")
    model.compile(d_steps=1)
    model.fit(tiny_images[:8], batch_size=8, epochs=1, verbose=0)
    logs = model.get_metrics_result()
    np.testing.assert_allclose(
        float(logs["d_loss"]),
        -float(logs["wasserstein"]) + 10 * float(logs["gradient_penalty"]),
        rtol=1e-5,
        atol=1e-6,
    )


def test_weight_clipping_after_every_update(tiny_images):
    model = _tiny(_RecordsClipping)
    # A large learning rate, so that unclipped weights would leave the box.
    model.compile(
        g_optimizer=keras.optimizers.RMSprop(1e-2),
        d_optimizer=keras.optimizers.RMSprop(1e-2),
        d_steps=2,
    )
    history = model.fit(tiny_images, batch_size=8, epochs=1, verbose=0)
    assert np.isfinite(history.history["wasserstein"]).all()
    assert "gradient_penalty" not in history.history
    largest = float(keras.ops.convert_to_numpy(model.largest_weight))
    np.testing.assert_allclose(largest, 0.01, rtol=1e-6)
    weights = np.concatenate(
        [w.ravel() for w in to_numpy(model.discriminator.trainable_variables)]
    )
    assert np.abs(weights).max() <= 0.01
    assert np.mean(np.abs(weights) == np.float32(0.01)) > 0.1
    # The generator is not clipped.
    g_weights = to_numpy(model.generator.trainable_variables)
    assert max(np.abs(w).max() for w in g_weights) > 0.01


def test_save_and_load(tmp_path, tiny_images):
    model = _tiny(constraint="gradient_penalty", gp_weight=5.0)
    model.compile(augment="translation", d_steps=2)
    model.fit(tiny_images[:16], batch_size=8, epochs=1, verbose=0)
    path = str(tmp_path / "wgan.keras")
    model.save(path)
    restored = keras.saving.load_model(path)
    assert isinstance(restored, WGAN)
    assert restored.constraint == "gradient_penalty"
    assert restored.gp_weight == 5.0 and restored.d_steps == 2
    assert restored.augment.policy == "translation"
    np.testing.assert_array_equal(
        model.generate(4, seed=1), restored.generate(4, seed=1)
    )
    x = tiny_images[:4]
    np.testing.assert_array_equal(
        keras.ops.convert_to_numpy(model.discriminator(x)),
        keras.ops.convert_to_numpy(restored.discriminator(x)),
    )


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"constraint": "clip"}, "Received: constraint='clip'"),
        ({"gp_weight": -1.0}, "non-negative.*Received: gp_weight=-1.0"),
        ({"clip_value": 0}, "positive.*Received: clip_value=0"),
        ({"critic_filters": 0}, "Received: critic_filters=0"),
        ({"image_shape": (20, 20, 1)}, "Received: image_shape"),
    ],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        _tiny(**kwargs)
    with pytest.raises(ValueError, match="Received: name='huge'"):
        WGAN.from_preset("huge")


CLI_TINY = ["--preset", "tiny", "--batch-size", "8", "--verbose", "0"]
CLI_TINY += ["--steps-per-epoch", "2", "--epochs", "1"]


@pytest.mark.parametrize(
    "recipe, extra",
    [("wgan-gp", []), ("wgan", ["--augment", "translation,cutout"])],
)
def test_cli_trains_on_digits(recipe, extra, tmp_path):
    import csv
    import json
    import os

    from keras_gans.cli import main

    out = tmp_path / recipe
    assert main(["train", recipe, "--out", str(out), *CLI_TINY, *extra]) == 0
    assert os.path.isfile(out / "samples" / "epoch_001.png")
    with open(out / "losses.csv") as f:
        rows = list(csv.DictReader(f))
    assert np.isfinite(float(rows[-1]["wasserstein"]))
    assert ("gradient_penalty" in rows[-1]) is (recipe == "wgan-gp")
    with open(out / "report.json") as f:
        report = json.load(f)
    assert 0 <= report["recognizability"]["confident_fraction"] <= 1
    _, model = _load_cli_checkpoint(out)
    expected = "gradient_penalty" if recipe == "wgan-gp" else "weight_clipping"
    assert model.constraint == expected and model.d_steps == 5
    assert (model.augment is None) is (recipe == "wgan-gp")


def _load_cli_checkpoint(out):
    import json
    import os

    with open(os.path.join(out, "checkpoints", "latest.json")) as f:
        latest = json.load(f)
    path = os.path.join(out, "checkpoints", latest["path"])
    return latest["epoch"], keras.saving.load_model(path)


def test_cli_rejects_a_bad_policy(tmp_path, capsys):
    from keras_gans.cli import main

    argv = ["train", "wgan", "--out", str(tmp_path / "run"), *CLI_TINY]
    assert main(argv + ["--augment", "color,zoom"]) != 0
    assert "Received: policy='color,zoom'" in capsys.readouterr().err
