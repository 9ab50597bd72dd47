"""ConditionalGAN: conditional sampling, training, saving and bad labels.

Runs under every backend (KERAS_BACKEND); models are 16x16 with 8 filters.
"""

import json

import numpy as np
import pytest
import keras
from keras import ops

from keras_gans.layers import ConditionalBatchNormalization
from keras_gans.models import ConditionalGAN

NUM_CLASSES = 10


def _tiny(conditioning="concat", **kwargs):
    return ConditionalGAN.from_preset(
        "tiny", conditioning=conditioning, seed=3, **kwargs
    )


def _data(num=64, seed=0):
    rng = np.random.default_rng(seed)
    images = rng.uniform(-1, 1, (num, 16, 16, 1)).astype("float32")
    labels = rng.integers(0, NUM_CLASSES, num)
    return images, labels


def _values(variables):
    return [ops.convert_to_numpy(v.value).copy() for v in variables]


def _changed(before, variables):
    after = _values(variables)
    return [not np.array_equal(b, a) for b, a in zip(before, after)]


@pytest.fixture(scope="module")
def concat_gan():
    return _tiny()


# ----------------------------------------------------------------------
# Sampling


def test_generate_one_image_per_label(concat_gan):
    labels = [3, 0, 9, 9, 1]
    images = concat_gan.generate(labels=labels, seed=0)
    assert images.shape == (5, 16, 16, 1)
    assert images.dtype == np.float32
    assert images.min() >= -1.0 and images.max() <= 1.0
    # Same latents, different labels: the label reaches the image.
    again = concat_gan.generate(labels=[4, 0, 9, 9, 1], seed=0)
    assert not np.array_equal(images[0], again[0])
    np.testing.assert_array_equal(images[1:], again[1:])


def test_generate_without_labels_cycles_classes(concat_gan):
    latents = np.zeros((12, concat_gan.latent_dim), "float32")
    images = concat_gan.generate(latents=latents)
    expected = concat_gan.generate(
        latents=latents, labels=np.arange(12) % NUM_CLASSES
    )
    np.testing.assert_array_equal(images, expected)
    assert concat_gan.generate(7, seed=1).shape == (7, 16, 16, 1)


@pytest.mark.parametrize(
    "labels, match",
    [
        ([0, 10], "label in \\[0, 9\\].*containing 10"),
        ([-1, 2], "label in \\[0, 9\\].*containing -1"),
        ([[1, 2], [3, 4]], "1-D array.*labels.shape=\\(2, 2\\)"),
        ([1.0, 2.0], "integer class indices.*float64"),
    ],
)
def test_generate_rejects_bad_labels(concat_gan, labels, match):
    with pytest.raises(ValueError, match=match):
        concat_gan.generate(labels=labels)


def test_generate_rejects_count_mismatch(concat_gan):
    with pytest.raises(ValueError, match="num_images=3, len\\(labels\\)=2"):
        concat_gan.generate(3, labels=[1, 2])
    with pytest.raises(ValueError, match="len\\(latents\\)=4"):
        concat_gan.generate(
            labels=[1, 2], latents=np.zeros((4, concat_gan.latent_dim))
        )


@pytest.mark.parametrize("conditioning", ["concat", "projection"])
def test_discriminator_depends_on_label(conditioning, concat_gan):
    gan = concat_gan if conditioning == "concat" else _tiny(conditioning)
    images = np.random.default_rng(0).uniform(-1, 1, (2, 16, 16, 1))
    images = images.astype("float32")
    a = gan.discriminator([images, np.array([1, 1], "int32")])
    b = gan.discriminator([images, np.array([2, 2], "int32")])
    assert a.shape == (2, 1)
    assert not np.allclose(ops.convert_to_numpy(a), ops.convert_to_numpy(b))


# ----------------------------------------------------------------------
# Training


@pytest.mark.parametrize(
    "conditioning, augment", [("concat", None), ("projection", "translation")]
)
def test_trains_with_finite_losses(conditioning, augment):
    gan = _tiny(conditioning)
    gan.compile(d_steps=2, augment=augment)
    assert gan.loss_fn.name == (
        "hinge" if conditioning == "projection" else "non_saturating"
    )
    images, labels = _data(64)
    # Labels as a column, as Keras' own data sets give them.
    x = (images, labels[:, None])
    history = gan.fit(x, batch_size=8, epochs=1, verbose=0)
    if keras.backend.backend() in ("tensorflow", "jax"):
        # Traced into a graph / jitted, not run eagerly.
        assert gan._step_was_compiled
    for key in ("d_loss", "g_loss"):
        assert np.isfinite(history.history[key]).all(), history.history
    assert int(ops.convert_to_numpy(gan.g_optimizer.iterations)) == 4
    assert int(ops.convert_to_numpy(gan.d_optimizer.iterations)) == 8
    out = gan.generate(labels=[0, 5], seed=0)
    assert np.isfinite(out).all()


def test_projection_defaults_follow_the_paper():
    gan = _tiny("projection")
    gan.compile()
    assert gan.d_steps == 5
    assert gan.loss_fn.name == "hinge"
    assert float(gan.d_optimizer.beta_1) == 0.0
    assert float(gan.d_optimizer.beta_2) == pytest.approx(0.9)


class _GeneratorStepOnly(ConditionalGAN):
    def discriminator_update(self, real_images, real_labels):
        return ops.zeros(()), {}


class _DiscriminatorStepOnly(ConditionalGAN):
    def generator_update(self, batch_size):
        return ops.zeros(()), {}


@pytest.mark.parametrize("conditioning", ["concat", "projection"])
def test_generator_step_leaves_discriminator_unchanged(conditioning):
    gan = _GeneratorStepOnly(
        **ConditionalGAN.presets()["tiny"],
        conditioning=conditioning,
        seed=3,
    )
    gan.compile(d_steps=1)
    d_before = _values(gan.discriminator.variables)
    g_before = _values(gan.generator.trainable_variables)
    images, labels = _data(16)
    gan.fit(images, labels, batch_size=8, epochs=1, verbose=0)
    assert not any(_changed(d_before, gan.discriminator.variables))
    assert all(_changed(g_before, gan.generator.trainable_variables))


def test_discriminator_step_leaves_generator_unchanged():
    gan = _DiscriminatorStepOnly(
        **ConditionalGAN.presets()["tiny"], conditioning="projection", seed=3
    )
    gan.compile(d_steps=1)
    g_before = _values(gan.generator.variables)
    d_before = _values(gan.discriminator.trainable_variables)
    images, labels = _data(16)
    gan.fit(images, labels, batch_size=8, epochs=1, verbose=0)
    assert not any(_changed(g_before, gan.generator.variables))
    assert any(_changed(d_before, gan.discriminator.trainable_variables))


class _LabelledBatches(keras.utils.PyDataset):
    def __init__(self, images, labels, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.images, self.labels = images, labels
        self.batch_size = batch_size

    def __len__(self):
        return len(self.images) // self.batch_size

    def __getitem__(self, index):
        part = slice(index * self.batch_size, (index + 1) * self.batch_size)
        if self.labels is None:
            return (self.images[part],)
        return self.images[part], self.labels[part]


def test_fit_on_a_stream_of_labelled_batches(concat_gan):
    concat_gan.compile()
    images, labels = _data(16)
    history = concat_gan.fit(
        _LabelledBatches(images, labels.astype("int32"), 8),
        epochs=1,
        verbose=0,
    )
    assert np.isfinite(history.history["g_loss"]).all()
    with pytest.raises(ValueError, match="batches of \\(images, labels\\)"):
        concat_gan.fit(_LabelledBatches(images, None, 8), verbose=0)


def test_fit_rejects_bad_labels(concat_gan):
    concat_gan.compile()
    images, labels = _data(16)
    with pytest.raises(ValueError, match="Expected labels with the images"):
        concat_gan.fit(images, batch_size=8, verbose=0)
    with pytest.raises(ValueError, match="not both"):
        concat_gan.fit((images, labels), labels, batch_size=8, verbose=0)
    with pytest.raises(ValueError, match="16 images and 15 labels"):
        concat_gan.fit(images, labels[:15], batch_size=8, verbose=0)
    out_of_range = labels.copy()
    out_of_range[3] = NUM_CLASSES
    with pytest.raises(ValueError, match="containing 10"):
        concat_gan.fit(images, out_of_range, batch_size=8, verbose=0)
    with pytest.raises(ValueError, match="labels.shape=\\(16, 10\\)"):
        one_hot = np.eye(NUM_CLASSES, dtype="int64")[labels]
        concat_gan.fit(images, one_hot, batch_size=8, verbose=0)


# ----------------------------------------------------------------------
# Saving


@pytest.mark.parametrize("conditioning", ["concat", "projection"])
def test_save_and_load_keep_labels_and_outputs(conditioning, tmp_path):
    gan = _tiny(conditioning)
    # With an EMA generator, which `generate` uses, saved with the model.
    gan.compile(d_steps=1, ema_decay=0.5)
    images, labels = _data(16)
    gan.fit(images, labels, batch_size=8, epochs=1, verbose=0)
    assert not np.array_equal(
        gan.generate(labels=[1], seed=0),
        gan.generate(labels=[1], seed=0, use_ema=False),
    )
    path = str(tmp_path / "cgan.keras")
    gan.save(path)
    loaded = keras.saving.load_model(path)
    assert isinstance(loaded, ConditionalGAN)
    assert loaded.num_classes == NUM_CLASSES
    assert loaded.conditioning == conditioning
    sample_labels = [0, 3, 9]
    for use_ema in (True, False):
        np.testing.assert_array_equal(
            loaded.generate(labels=sample_labels, seed=5, use_ema=use_ema),
            gan.generate(labels=sample_labels, seed=5, use_ema=use_ema),
        )
    x = images[:3]
    y = np.array(sample_labels, "int32")
    np.testing.assert_array_equal(
        ops.convert_to_numpy(loaded.discriminator([x, y])),
        ops.convert_to_numpy(gan.discriminator([x, y])),
    )
    # The generator alone keeps its label input.
    g_path = str(tmp_path / "generator.keras")
    gan.generator.save(g_path)
    generator = keras.saving.load_model(g_path)
    assert [t.name for t in generator.inputs] == ["latents", "labels"]
    z = gan.sample_latents(3, seed=5)
    np.testing.assert_array_equal(
        ops.convert_to_numpy(generator([z, y])),
        ops.convert_to_numpy(gan.generator([z, y])),
    )


# ----------------------------------------------------------------------
# Construction and the conditional BatchNorm layer


def test_constructor_rejects_bad_arguments():
    with pytest.raises(ValueError, match="conditioning='proj'"):
        ConditionalGAN.from_preset("tiny", conditioning="proj")
    with pytest.raises(ValueError, match="num_classes=1"):
        ConditionalGAN.from_preset("tiny", num_classes=1)
    with pytest.raises(ValueError, match="num_classes=2.5"):
        ConditionalGAN.from_preset("tiny", num_classes=2.5)


def test_conditional_batch_norm_uses_the_row_of_each_label():
    layer = ConditionalBatchNormalization(3, epsilon=0.0)
    x = np.random.default_rng(0).normal(size=(4, 2, 2, 5)).astype("float32")
    labels = np.array([0, 2, 2, 1], "int32")
    layer.build([x.shape, labels.shape])
    rng = np.random.default_rng(1)
    gamma = rng.normal(size=(3, 5)).astype("float32")
    beta = rng.normal(size=(3, 5)).astype("float32")
    layer.gamma.assign(gamma)
    layer.beta.assign(beta)
    out = ops.convert_to_numpy(layer([x, labels], training=True))
    mean = x.mean(axis=(0, 1, 2))
    std = x.std(axis=(0, 1, 2))
    x_hat = (x - mean) / std
    expected = (
        gamma[labels][:, None, None, :] * x_hat + beta[labels][:, None, None, :]
    )
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)
    assert layer.compute_output_shape([x.shape, labels.shape]) == x.shape


# ----------------------------------------------------------------------
# The label-accuracy measure and the command line


def test_label_accuracy_of_real_digits():
    from sklearn.datasets import load_digits

    from keras_gans.metrics.digits import label_accuracy

    digits = load_digits()
    images = (digits.images[:300, :, :, None] / 8.0 - 1.0).astype("float32")
    right = label_accuracy(images, digits.target[:300])
    assert right["label_accuracy"] > 0.95
    assert right["num_images"] == 300
    assert len(right["per_class_accuracy"]) == 10
    wrong = label_accuracy(images, (digits.target[:300] + 1) % 10)
    assert wrong["label_accuracy"] < 0.05
    with pytest.raises(ValueError, match="one int label"):
        label_accuracy(images, digits.target[:299])


CLI_TINY = ["--preset", "tiny", "--batch-size", "16", "--verbose", "0"]
CLI_TINY += ["--steps-per-epoch", "2", "--epochs", "1"]


def test_cli_trains_on_digits_and_samples_by_label(tmp_path, capsys):
    from PIL import Image

    from keras_gans.cli import main

    out = tmp_path / "run"
    assert main(["train", "cgan", "--out", str(out), *CLI_TINY]) == 0
    # 100 samples of 16x16, one class per column.
    with Image.open(out / "samples" / "epoch_001.png") as image:
        assert image.size == (10 * 18 + 2, 10 * 18 + 2)
    report = json.loads((out / "report.json").read_text())
    assert 0 <= report["label_accuracy"]["label_accuracy"] <= 1
    assert "recognizability" in report

    grid = tmp_path / "grid.png"
    argv = ["sample", str(out), "--labels", "0,1,2", "--num", "4"]
    assert main([*argv, "--out", str(grid)]) == 0
    with Image.open(grid) as image:
        # One row per label, four samples each.
        assert image.size == (4 * 18 + 2, 3 * 18 + 2)
    capsys.readouterr()
    assert main(["sample", str(out), "--labels", "0,10"]) == 2
    assert "containing 10" in capsys.readouterr().err
    assert main(["sample", str(out), "--labels", "one,two"]) == 2
    assert "comma-separated class labels" in capsys.readouterr().err


def test_cli_takes_its_classes_from_the_folders(tmp_path):
    from PIL import Image

    from keras_gans.cli import build_parser

    rng = np.random.default_rng(0)
    for name in ("cat", "dog", "owl"):
        (tmp_path / "data" / name).mkdir(parents=True)
        for i in range(4):
            pixels = rng.integers(0, 255, (20, 20), dtype=np.uint8)
            Image.fromarray(pixels).save(tmp_path / "data" / name / f"{i}.png")
    parser = build_parser()
    args = parser.parse_args(
        ["train", "cgan", "--dataset", str(tmp_path / "data"), *CLI_TINY]
    )
    recipe = args._recipe
    data = recipe.load_data(args)
    images, labels = data["x"]
    assert images.shape == (12, 16, 16, 1)
    np.testing.assert_array_equal(labels, np.repeat([0, 1, 2], 4))
    assert recipe.class_names == ["cat", "dog", "owl"]
    model = recipe.build_model(args)
    assert model.num_classes == 3
