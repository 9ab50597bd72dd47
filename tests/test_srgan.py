import inspect

import keras
import numpy as np
import pytest
from keras import ops

from keras_gans.models import SRGAN
from keras_gans.models.srgan import srresnet_generator


def pairs(n=4, low_size=8, scale=4, seed=0):
    rng = np.random.default_rng(seed)
    high = rng.integers(0, 256, (n, low_size * scale, low_size * scale, 3))
    high = high.astype("uint8")
    low = high[:, ::scale, ::scale]
    return low, high


def max_change(variables, before):
    changes = [ops.max(ops.abs(v.value - b)) for v, b in zip(variables, before)]
    return ops.max(ops.stack(changes))


class _PhaseProbe(SRGAN):
    """Runs one D update and one G update and logs what each one moved."""

    def _train_step(self, data):
        low, high, _ = keras.utils.unpack_x_y_sample_weight(data)
        g_vars = self.generator.variables
        d_vars = self.discriminator.variables
        g_before = [ops.copy(v.value) for v in g_vars]
        d_before = [ops.copy(v.value) for v in d_vars]
        self.discriminator_update(low, high)
        logs = {
            "g_changed_by_d_update": max_change(g_vars, g_before),
            "d_changed_by_d_update": max_change(d_vars, d_before),
        }
        d_before = [ops.copy(v.value) for v in d_vars]
        g_before = [ops.copy(v.value) for v in g_vars]
        self.generator_update(low, high)
        logs["d_changed_by_g_update"] = max_change(d_vars, d_before)
        logs["g_changed_by_g_update"] = max_change(g_vars, g_before)
        return logs


@pytest.mark.parametrize(
    "scale,size", [(4, (16, 16)), (4, (24, 40)), (4, (64, 64)), (2, (16, 24))]
)
def test_output_is_scale_times_input(scale, size):
    generator = srresnet_generator(scale=scale, num_blocks=2, filters=8)
    x = np.zeros((1,) + size + (3,), "float32")
    out = generator(x)
    assert tuple(out.shape) == (1, size[0] * scale, size[1] * scale, 3)
    out = ops.convert_to_numpy(out)
    assert np.all(np.abs(out) <= 1.0)


def test_paper_defaults():
    defaults = inspect.signature(SRGAN).parameters
    assert defaults["crop_size"].default == 96
    assert defaults["scale"].default == 4
    # A small crop keeps the discriminator's dense layer small here.
    model = SRGAN(crop_size=16)
    names = [layer.name for layer in model.generator.layers]
    assert sum(name.endswith("_add") for name in names) == 17  # 16 + skip
    assert sum("shuffle" in name for name in names) == 2
    assert model.generator.get_layer("conv_in").kernel.shape == (9, 9, 3, 64)
    assert model.generator.get_layer("conv_out").kernel.shape == (9, 9, 64, 3)
    convs = [l for l in model.discriminator.layers if "conv" in l.name]
    convs = [l for l in convs if not l.name.endswith("_bn")]
    assert [l.filters for l in convs] == [64, 64, 128, 128, 256, 256, 512, 512]
    assert model.discriminator.get_layer("dense").units == 1024
    model.compile(phase="gan", content_loss="mse")
    lr = ops.convert_to_numpy(model.g_optimizer.learning_rate)
    assert np.isclose(lr, 1e-4) and model.adversarial_weight == 1e-3


def test_bad_arguments():
    with pytest.raises(ValueError, match="power of two"):
        SRGAN(scale=3)
    with pytest.raises(ValueError, match="crop_size"):
        SRGAN(crop_size=40)
    with pytest.raises(ValueError, match="num_blocks"):
        SRGAN(num_blocks=0)
    with pytest.raises(ValueError, match="preset"):
        SRGAN.from_preset("huge")
    model = SRGAN.from_preset("tiny")
    with pytest.raises(ValueError, match="phase"):
        model.compile(phase="vgg")
    with pytest.raises(RuntimeError, match="compile"):
        model.fit(*pairs())
    model.compile(phase="gan", content_loss="mse")
    low, high = pairs(low_size=4)
    with pytest.raises(ValueError, match="crop_size=32"):
        model.fit(low, high)
    with pytest.raises(ValueError, match="4x"):
        model.fit(low, high[:, :-4])


def test_each_update_moves_only_its_own_network():
    model = _PhaseProbe.from_preset("tiny")
    model.compile(phase="gan", content_loss="mse")
    low, high = pairs()
    logs = model.fit(low, high, batch_size=4, epochs=1, verbose=0).history
    assert logs["g_changed_by_d_update"][0] == 0.0
    assert logs["d_changed_by_g_update"][0] == 0.0
    assert logs["d_changed_by_d_update"][0] > 0.0
    assert logs["g_changed_by_g_update"][0] > 0.0


def test_two_phases_train_and_save_load_exactly(tmp_path):
    model = SRGAN.from_preset("tiny")
    low, high = pairs(n=8)
    discriminator_before = [
        ops.convert_to_numpy(v) for v in model.discriminator.variables
    ]
    model.compile(phase="mse")
    assert model.variant == "SRResNet-MSE"
    logs = model.fit(
        low,
        high,
        batch_size=4,
        epochs=2,
        verbose=0,
        validation_data=(low, high),
    ).history
    assert set(logs) == {"g_loss", "val_psnr", "val_ssim"}
    assert all(np.isfinite(v) for values in logs.values() for v in values)
    # The pixel phase does not touch the discriminator.
    for v, before in zip(model.discriminator.variables, discriminator_before):
        np.testing.assert_array_equal(ops.convert_to_numpy(v), before)

    model.compile(phase="gan", content_loss="mse")
    assert model.variant == "SRGAN-MSE"
    logs = model.fit(low, high, batch_size=4, epochs=1, verbose=0).history
    assert set(logs) == {"d_loss", "g_loss", "content_loss", "adversarial_loss"}
    assert all(np.isfinite(values[0]) for values in logs.values())

    path = str(tmp_path / "srgan.keras")
    model.save(path)
    restored = keras.saving.load_model(path)
    assert restored.variant == "SRGAN-MSE"
    assert restored.get_config() == model.get_config()
    x = np.random.default_rng(3).uniform(-1, 1, (2, 12, 9, 3))
    x = x.astype("float32")
    np.testing.assert_array_equal(
        ops.convert_to_numpy(restored.generator(x)),
        ops.convert_to_numpy(model.generator(x)),
    )
    np.testing.assert_array_equal(
        ops.convert_to_numpy(restored.discriminator(high[:2] / 127.5 - 1)),
        ops.convert_to_numpy(model.discriminator(high[:2] / 127.5 - 1)),
    )
    assert int(restored.g_optimizer.iterations) == int(
        model.g_optimizer.iterations
    )


def test_evaluate_and_upscale():
    model = SRGAN.from_preset("tiny")
    model.compile(phase="mse")
    low, high = pairs()
    scores = model.evaluate(
        low, high, batch_size=4, verbose=0, return_dict=True
    )
    assert set(scores) == {"psnr", "ssim"}
    from keras_gans.metrics import psnr

    out = model.upscale(low)
    assert out.shape == high.shape and out.dtype == np.uint8
    expected = float(
        np.mean(
            ops.convert_to_numpy(
                psnr(high / 127.5 - 1, model.upscale(low / 127.5 - 1), 4)
            )
        )
    )
    np.testing.assert_allclose(scores["psnr"], expected, rtol=1e-4)
    one = model.upscale(low[0, :5, :7])
    assert one.shape == (20, 28, 3) and one.dtype == np.uint8
    with pytest.raises(ValueError, match="channels"):
        model.upscale(np.zeros((4, 4), "uint8"))


@pytest.mark.parametrize("scale", [2, 4])
def test_tiled_upscaling_matches_whole_image(scale, monkeypatch):
    model = SRGAN.from_preset("tiny", scale=scale)
    # Non-trivial BatchNorm statistics, so that tiles could differ.
    for v in model.generator.non_trainable_variables:
        v.assign(np.random.default_rng(1).uniform(0.5, 1.5, v.shape))
    image = np.random.default_rng(2).integers(0, 256, (21, 18, 3))
    image = image.astype("uint8")
    whole = model.upscale(image / 127.5 - 1)
    tiled = model.upscale(image / 127.5 - 1, tile_size=8)
    assert tiled.shape == (21 * scale, 18 * scale, 3)
    np.testing.assert_allclose(tiled, whole, atol=2e-5)
    # The margin is what makes tiles agree: too little context shows.
    monkeypatch.setattr(SRGAN, "receptive_radius", 2)
    short = model.upscale(image / 127.5 - 1, tile_size=8)
    assert np.abs(short - whole).max() > 1e-3
