"""Feature extractors: the Keras FID Inception against pytorch-fid, the
digits classifier's accuracy, the torch weight reader, missing weights."""

import os
import sys

import keras
import numpy as np
import pytest

from keras_gans.metrics.features import digits
from keras_gans.metrics.features import get_extractor
from keras_gans.metrics.features import inception
from keras_gans.metrics.features import keras_inception
from keras_gans.metrics.features.resize import resize_bilinear_torch
from keras_gans.metrics.features.torch_file import load_torch_state_dict

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
sys.path.insert(0, FIXTURES)
from fid_inception_seeded import seeded_state_dict  # noqa: E402


@pytest.fixture(scope="module")
def reference():
    with np.load(os.path.join(FIXTURES, "fid_inception_reference.npz")) as f:
        return {k: f[k] for k in f.files}


def test_resize_matches_torch_interpolate(reference):
    out = resize_bilinear_torch(reference["resize_input"], 299)
    np.testing.assert_allclose(out, reference["resize_output"], atol=1e-6)


@pytest.mark.slow
def test_keras_inception_port_matches_pytorch_fid(reference):
    """Same seeded weights, same uint8 images (45x37, resized to 299):
    pytorch-fid's pool features and logits, on every backend.

    Slow: builds and runs the whole 24M-parameter network at 299x299
    (about 15 s on TensorFlow, a minute on JAX, which compiles it).
    """
    keys = [str(k) for k in reference["keys"]]
    shapes = [s.split(",") for s in reference["shapes"]]
    state = seeded_state_dict(keys, shapes, int(reference["seed"]))
    model = inception.fid_inception_v3()
    inception.assign_state_dict(model, state)
    extractor = inception.InceptionExtractor(model=model, batch_size=2)
    features, logits = extractor(reference["images_resize"])
    expected_f = reference["features_resize"]
    expected_l = reference["logits_resize"]
    assert features.shape == (2, 2048) and logits.shape == (2, 1008)
    np.testing.assert_allclose(
        features, expected_f, atol=1e-4 * np.abs(expected_f).max()
    )
    np.testing.assert_allclose(
        logits, expected_l, atol=1e-4 * np.abs(expected_l).max()
    )


def test_state_dict_conversion_covers_every_pytorch_fid_tensor(reference):
    """The port has exactly the units of pytorch-fid's network: each of its
    tensors (names and shapes recorded in the fixture) finds its layer."""
    keys = [str(k) for k in reference["keys"]]
    shapes = [s.split(",") for s in reference["shapes"]]
    state = seeded_state_dict(keys, shapes, 0)
    model = inception.fid_inception_v3(input_shape=(75, 75, 3))
    inception.assign_state_dict(model, state)
    assert model.count_params() == sum(
        int(np.prod(v.shape)) for v in state.values()
    )
    kernel = keras.ops.convert_to_numpy(
        model.get_layer("Mixed_7c_branch_pool_conv").kernel
    )
    np.testing.assert_array_equal(
        kernel, state["Mixed_7c.branch_pool.conv.weight"].transpose(2, 3, 1, 0)
    )
    extra = dict(state, **{"AuxLogits.fc.weight": np.zeros((2, 2))})
    with pytest.raises(ValueError, match="unknown"):
        inception.assign_state_dict(model, extra)
    missing = {k: v for k, v in state.items() if k != "fc.bias"}
    with pytest.raises(ValueError, match="without 'fc.bias'"):
        inception.assign_state_dict(model, missing)


@pytest.mark.parametrize("zip_format", [True, False])
def test_torch_state_dict_reader(tmp_path, zip_format):
    torch = pytest.importorskip("torch")
    state = {
        "a.conv.weight": torch.randn(4, 3, 3, 3),
        "a.bn.running_var": torch.rand(4, dtype=torch.float64),
        "a.bn.num_batches_tracked": torch.tensor(7),
        # A non-contiguous view shares its storage with another tensor.
        "b.weight": torch.arange(12.0).reshape(3, 4).t(),
    }
    path = str(tmp_path / "weights.pth")
    torch.save(state, path, _use_new_zipfile_serialization=zip_format)
    loaded = load_torch_state_dict(path)
    assert list(loaded) == list(state)
    for key, value in state.items():
        np.testing.assert_array_equal(loaded[key], value.numpy())
        assert loaded[key].dtype == value.numpy().dtype


def test_torch_reader_refuses_code(tmp_path):
    import pickle

    path = str(tmp_path / "evil.pth")
    with open(path, "wb") as f:
        pickle.dump(0x1950A86A20F9469CFC6C, f)
        pickle.dump(1001, f)
        pickle.dump({}, f)
        pickle.dump(os.system, f)
    with pytest.raises(pickle.UnpicklingError, match="plain tensors"):
        load_torch_state_dict(path)


def test_missing_inception_weights_fail_clearly(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="pt_inception-2015-12-05"):
        inception.InceptionExtractor(weights=str(tmp_path / "nope.pth"))
    with pytest.raises(FileNotFoundError, match="put it at"):
        inception.InceptionExtractor(download=False)

    def offline(path):
        raise OSError("no network")

    monkeypatch.setattr(inception, "_download", offline)
    with pytest.raises(FileNotFoundError, match="Downloading failed"):
        inception.resolve_weights()
    expected = os.path.join(str(tmp_path), "keras_gans", inception.WEIGHTS_NAME)
    assert inception.default_weights_path() == expected
    with pytest.raises(FileNotFoundError, match="InceptionV3 ImageNet"):
        keras_inception.KerasInceptionExtractor(download=False)
    with pytest.raises(FileNotFoundError, match="digits classifier"):
        digits.DigitsExtractor(weights=str(tmp_path / "nope.weights.h5"))
    with pytest.raises(ValueError, match="Expected a feature extractor"):
        get_extractor("vgg")


def test_digits_classifier_held_out_accuracy():
    images, labels = digits.load_digits_images(digits.IMAGE_SIZE)
    _, held_out = digits.split_indices()
    extractor = digits.DigitsExtractor()
    features, logits = extractor(images[held_out])
    accuracy = np.mean(logits.argmax(-1) == labels[held_out])
    assert accuracy >= 0.97
    assert features.shape == (len(held_out), digits.FEATURE_DIM)
    # Smaller images (a 16x16 generator) are resized and still recognised.
    small, _ = digits.load_digits_images(16)
    _, logits16 = extractor(small[held_out])
    assert np.mean(logits16.argmax(-1) == labels[held_out]) >= 0.95
    # Standardized features: about zero mean and unit variance.
    assert abs(features.mean()) < 0.3 and 0.5 < features.std() < 2.0


def test_extractor_input_checks():
    extractor = get_extractor("digits")
    with pytest.raises(ValueError, match="uint8 images"):
        extractor(np.zeros((2, 28, 28, 1), np.float32))
    assert extractor.describe() == "digits"
    rgb = np.zeros((3, 20, 20, 3), np.uint8)
    features, logits = extractor(rgb)
    assert features.shape == (3, 64) and logits.shape == (3, 10)
    assert keras.backend.backend() in ("tensorflow", "jax", "torch")


@pytest.mark.slow
def test_weight_file_to_extractor_end_to_end(reference, tmp_path):
    """A pytorch-fid style .pth (legacy torch format, as published) goes
    through `convert_weights` into the `inception` extractor."""
    torch = pytest.importorskip("torch")
    keys = [str(k) for k in reference["keys"]]
    shapes = [s.split(",") for s in reference["shapes"]]
    state = seeded_state_dict(keys, shapes, int(reference["seed"]))
    pth = str(tmp_path / inception.WEIGHTS_NAME)
    torch.save(
        {k: torch.from_numpy(v) for k, v in state.items()},
        pth,
        _use_new_zipfile_serialization=False,
    )
    h5 = inception.convert_weights(pth, str(tmp_path / "fid.weights.h5"))
    extractor = inception.InceptionExtractor(weights=h5, batch_size=2)
    features, _ = extractor(reference["images_resize"])
    expected = reference["features_resize"]
    np.testing.assert_allclose(
        features, expected, atol=1e-4 * np.abs(expected).max()
    )


@pytest.mark.slow
def test_keras_inception_extractor_with_a_weight_file(tmp_path):
    net = keras.applications.InceptionV3(weights=None)
    path = str(tmp_path / "inception_v3.weights.h5")
    net.save_weights(path)
    extractor = keras_inception.KerasInceptionExtractor(weights=path)
    features, logits = extractor(np.zeros((2, 32, 32, 1), np.uint8))
    assert features.shape == (2, 2048) and logits.shape == (2, 1000)
    # Log-probabilities: each row exponentiates to a distribution.
    np.testing.assert_allclose(np.exp(logits).sum(-1), 1.0, rtol=1e-4)
