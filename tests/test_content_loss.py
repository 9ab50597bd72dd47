import keras
import numpy as np
import pytest
from keras import ops

from keras_gans.losses import MissingWeightsError
from keras_gans.losses import PixelLoss
from keras_gans.losses import VGGContentLoss
from keras_gans.losses import content
from keras_gans.models import SRGAN


@pytest.fixture(scope="module")
def vgg_weights(tmp_path_factory):
    """A VGG19 (no top) weights file from random initialisation."""
    keras.utils.set_random_seed(0)
    vgg = keras.applications.VGG19(
        include_top=False, weights=None, input_shape=(32, 32, 3)
    )
    path = tmp_path_factory.mktemp("vgg") / "vgg19_random.weights.h5"
    vgg.save_weights(path)
    return str(path)


def images(seed, n=2, size=32):
    rng = np.random.default_rng(seed)
    return rng.uniform(-1, 1, (n, size, size, 3)).astype("float32")


def test_preprocess_matches_keras_applications():
    x = images(0)
    expected = keras.applications.vgg19.preprocess_input((x + 1.0) * 127.5)
    got = ops.convert_to_numpy(content.vgg19_preprocess(x))
    np.testing.assert_allclose(got, expected, atol=1e-4)


def test_loss_uses_requested_layer_of_the_given_weights(vgg_weights):
    loss = VGGContentLoss("block2_conv2", weights=vgg_weights)
    assert loss.feature_model.layers[-1].name == "block2_conv2"
    assert loss.feature_model.output.shape[-1] == 128
    assert not loss.feature_model.trainable_variables
    assert loss.name == "vgg22"
    a, b = images(1), images(2)
    assert float(loss(a, a)) == 0.0
    # Independently: Keras' own VGG19 loaded from the same file.
    vgg = keras.applications.VGG19(
        include_top=False, weights=vgg_weights, input_shape=(32, 32, 3)
    )
    features = keras.Model(vgg.input, vgg.get_layer("block2_conv2").output)

    def phi(x):
        x = keras.applications.vgg19.preprocess_input((x + 1.0) * 127.5)
        return ops.convert_to_numpy(features(x)) / 12.75

    expected = np.mean((phi(a) - phi(b)) ** 2)
    assert expected > 0
    np.testing.assert_allclose(float(loss(a, b)), expected, rtol=1e-4)
    # Another layer gives another value.
    deeper = VGGContentLoss("block3_conv1", weights=vgg_weights)
    assert deeper.feature_model.output.shape[-1] == 256
    assert not np.isclose(float(deeper(a, b)), expected)


def test_missing_file_says_how_to_provide_weights(tmp_path):
    with pytest.raises(MissingWeightsError) as info:
        VGGContentLoss(weights=str(tmp_path / "absent.h5"))
    message = str(info.value)
    assert content.VGG19_WEIGHTS_URL in message
    assert "--vgg-weights" in message
    assert "content_loss='mse'" in message and "SRResNet-MSE" in message
    assert "absent.h5" in message


def test_imagenet_unreachable(monkeypatch):
    def offline():
        raise Exception("URL fetch failure: offline")

    monkeypatch.setattr(content, "_download_imagenet_weights", offline)
    with pytest.raises(MissingWeightsError, match="download failed"):
        content.get("vgg54")
    # The model stops at compile time, before any training.
    model = SRGAN.from_preset("tiny")
    with pytest.raises(MissingWeightsError, match="SRGAN-MSE"):
        model.compile(phase="gan")
    model.compile(phase="gan", content_loss="mse")
    assert model.variant == "SRGAN-MSE"


def test_bad_layer_and_names(vgg_weights):
    with pytest.raises(ValueError, match="block5_conv4"):
        VGGContentLoss("block9_conv1", weights=vgg_weights)
    with pytest.raises(ValueError, match="content loss name"):
        content.get("vgg99")
    assert isinstance(content.get("mse"), PixelLoss)


def test_gan_phase_trains_with_vgg_content(vgg_weights, tmp_path):
    # The network here is random: this checks the wiring, not the loss.
    model = SRGAN.from_preset("tiny")
    loss = VGGContentLoss("block2_conv2", weights=vgg_weights)
    model.compile(phase="gan", content_loss=loss)
    assert model.variant == "SRGAN-VGG22"
    rng = np.random.default_rng(0)
    low = rng.uniform(-1, 1, (4, 8, 8, 3)).astype("float32")
    high = rng.uniform(-1, 1, (4, 32, 32, 3)).astype("float32")
    logs = model.fit(low, high, batch_size=2, epochs=1, verbose=0).history
    assert np.isfinite(logs["content_loss"][0]) and logs["content_loss"][0] > 0
    # The fixed VGG is not part of the saved model; loading rebuilds it.
    path = str(tmp_path / "srgan.keras")
    model.save(path)
    assert not any("vgg" in v.path for v in model.variables)
    restored = keras.saving.load_model(path)
    assert restored.content_loss.layer == "block2_conv2"
    assert restored.content_loss.weights == vgg_weights
