"""Evaluation during training: metric logging with the best checkpoint,
the collapse detector, and FID ranking real, trained and untrained
generators."""

import keras
import numpy as np
import pytest

from keras_gans import metrics
from keras_gans.callbacks import CollapseDetector
from keras_gans.callbacks import MetricEvaluation
from keras_gans.metrics.features.digits import load_digits_images
from keras_gans.models import DCGAN


@pytest.fixture(scope="module")
def digits16():
    images, _ = load_digits_images(16)
    order = np.random.default_rng(0).permutation(len(images))
    return images[order]


class _ConstantGenerator:
    """Stands in for a GAN whose generator draws one image."""

    latent_dim = 4

    def __init__(self, image):
        self.image = image.astype(np.float32) / 127.5 - 1.0

    def generate(self, num_images, seed=None):
        return np.repeat(self.image[None], num_images, axis=0)


def test_best_checkpoint_keeps_the_best_not_the_last(digits16, tmp_path):
    model = DCGAN.from_preset("tiny")
    model.compile()
    real = digits16[:300]
    noise = np.random.default_rng(1).uniform(-1, 1, (300, 16, 16, 1))
    # What the "generator" draws at each evaluation: bad, good, bad.
    draws = [noise, real[::-1].astype(np.float32) / 127.5 - 1, noise * 0.5]
    path = str(tmp_path / "best.keras")
    callback = MetricEvaluation(
        real,
        ["fid", "kid"],
        num_samples=300,
        best_path=path,
        options={"kid": {"subset_size": 100, "num_subsets": 5}},
    )
    callback.set_model(model)
    callback.on_train_begin()
    marker = model.generator.get_layer("to_image").bias
    values = []
    for epoch, images in enumerate(draws):
        model.generate = lambda n, seed=None, images=images: images[:n]
        marker.assign(np.full(marker.shape, float(epoch), np.float32))
        logs = {"d_loss": 1.0}
        callback.on_epoch_end(epoch, logs)
        assert logs["d_loss"] == 1.0 and {"fid", "kid", "kid_std"} <= set(logs)
        values.append(logs["fid"])
    assert values[1] < min(values[0], values[2])
    assert callback.best == values[1] and callback.best_epoch == 2
    loaded = keras.saving.load_model(path)
    saved_marker = loaded.generator.get_layer("to_image").bias
    np.testing.assert_array_equal(
        keras.ops.convert_to_numpy(saved_marker), np.ones(marker.shape)
    )


def test_evaluation_runs_after_first_and_every_nth_epoch(digits16):
    callback = MetricEvaluation(
        digits16[:200], ["is"], every=3, num_samples=100
    )
    callback.set_model(_ConstantGenerator(digits16[0]))
    logged = []
    for epoch in range(7):
        logs = {}
        callback.on_epoch_end(epoch, logs)
        if "is" in logs:
            logged.append(epoch + 1)
    assert logged == [1, 3, 6]
    assert callback.monitor == "is" and callback.higher_is_better
    with pytest.raises(ValueError, match="every"):
        MetricEvaluation(digits16, every=0)
    with pytest.raises(ValueError, match=".keras"):
        MetricEvaluation(digits16, best_path="best.h5")


@pytest.mark.parametrize("measure", ["class_coverage", "pairwise_distance"])
def test_collapse_detector_flags_a_constant_generator_not_real_data(
    digits16, measure
):
    detector = CollapseDetector(
        digits16[:400], measure=measure, num_samples=300
    )
    value, collapsed = detector.check(digits16[400:700])
    assert not collapsed and value > detector.threshold
    detector.set_model(_ConstantGenerator(digits16[0]))
    logs = {}
    with pytest.warns(UserWarning, match=f"mode collapse suspected: {measure}"):
        detector.on_epoch_end(0, logs)
    assert logs["collapsed"] == 1.0
    assert logs[f"collapse_{measure}"] < detector.threshold
    with pytest.raises(ValueError, match="measure"):
        CollapseDetector(digits16, measure="entropy")


def test_fid_ranks_real_then_trained_then_untrained(digits16):
    """FID(real vs real) < FID(trained DCGAN) < FID(untrained), with the
    tiny DCGAN trained for three epochs at a raised learning rate."""
    real = metrics.extract(digits16[:900])
    real_vs_real = metrics.fid(real, digits16[900:]).value
    keras.utils.set_random_seed(0)
    gan = DCGAN.from_preset("tiny", seed=0)
    untrained = metrics.fid(real, gan, num_samples=500).value
    gan.compile(
        g_optimizer=keras.optimizers.Adam(2e-3, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(2e-3, beta_1=0.5),
    )
    gan.fit(digits16, batch_size=64, epochs=3, verbose=0)
    trained = metrics.fid(real, gan, num_samples=500).value
    assert real_vs_real < trained < 0.5 * untrained


def test_tensorboard_images_writes_a_sample_grid(tmp_path):
    tf = pytest.importorskip("tensorflow")
    from tensorflow.core.util import event_pb2

    from keras_gans.callbacks import TensorBoardImages

    model = DCGAN.from_preset("tiny")
    callback = TensorBoardImages(str(tmp_path), num_images=4, every=2)
    callback.set_model(model)
    for epoch in range(2):
        callback.on_epoch_end(epoch)
    callback.on_train_end()
    files = list((tmp_path / "images").iterdir())
    assert len(files) == 1
    images = []
    for record in tf.data.TFRecordDataset(str(files[0])):
        event = event_pb2.Event.FromString(record.numpy())
        for value in event.summary.value:
            images.append((event.step, value.tag, value))
    assert [i[:2] for i in images] == [(2, "samples")]  # epoch 2, 1-based
    value = images[0][2]
    assert value.metadata.plugin_data.plugin_name == "images"
    width, height, png = tf.make_ndarray(value.tensor)
    grid = tf.io.decode_png(png).numpy()
    # Four 16x16 samples in a 2x2 grid with 2-pixel borders.
    assert grid.shape == (38, 38, 3)
    assert (int(width), int(height)) == (38, 38)


def test_tensorboard_images_without_tensorflow(monkeypatch, tmp_path):
    import sys

    from keras_gans.callbacks import TensorBoardImages

    monkeypatch.setitem(sys.modules, "tensorflow", None)
    with pytest.raises(ImportError, match="SampleGrid"):
        TensorBoardImages(str(tmp_path))
