"""The Inception network behind published FID numbers, built in Keras.

FID (Heusel et al., 2017) was defined on the 2015-12-05 TensorFlow
Inception graph, and the PyTorch FID package (pytorch-fid) ported that graph
with its weights. `keras.applications.InceptionV3` is a different network
(other weights, 1000 classes, other pooling). This module rebuilds the
ported network layer for layer:

- the torchvision Inception v3 layout (convolutions without bias, each
  followed by BatchNorm with epsilon 1e-3 and ReLU), with 1008 classes;
- the graph's average pools exclude the zero padding from the average
  (Keras' "same" average pooling does the same on every backend);
- the last block (Mixed_7c) pools its branch with a 3x3 max pool where the
  paper has an average pool, as the graph does;
- features are the 2048-d global average of Mixed_7c; the 1008-way logits
  (for the Inception Score) are the final dense layer on them.

Preprocessing, as pytorch-fid applies it to image files: uint8 images are
divided by 255, resized to 299x299 with bilinear interpolation as
`torch.nn.functional.interpolate(..., align_corners=False)` does it (no
antialiasing; written out in numpy so that every backend agrees), then
scaled to [-1, 1] by `2 x - 1`. Grayscale images are repeated to three
channels. `resize="clean"` swaps the resize for clean-fid's (Pillow
bicubic in float, antialiased); scores then match neither package exactly,
since clean-fid also uses its own copy of the network.

Weights: the pytorch-fid file `pt_inception-2015-12-05-6726825d.pth` is
read without torch and converted. Pass its path, or let it be downloaded
(once, when online) into `~/.keras/keras_gans/`. Without network access and
without the file, an error says where to put it; the network never runs on
random weights unless asked to with `weights=None` explicitly at the level
of `fid_inception_v3()`.

Reference:
    Heusel et al., "GANs Trained by a Two Time-Scale Update Rule Converge
    to a Local Nash Equilibrium", NeurIPS 2017.
    Szegedy et al., "Rethinking the Inception Architecture for Computer
    Vision", CVPR 2016.
"""

import os

import keras
import numpy as np
from keras import layers

from keras_gans.metrics.features.base import FeatureExtractor
from keras_gans.metrics.features.base import to_rgb
from keras_gans.metrics.features.resize import resize_bilinear_torch
from keras_gans.metrics.features.resize import resize_pil
from keras_gans.metrics.features.torch_file import load_torch_state_dict

WEIGHTS_NAME = "pt_inception-2015-12-05-6726825d.pth"
WEIGHTS_URL = (
    "https://github.com/mseitzer/pytorch-fid/releases/download/"
    "fid_weights/" + WEIGHTS_NAME
)
INPUT_SIZE = 299
NUM_CLASSES = 1008
FEATURE_DIM = 2048


def _keras_name(torch_name):
    # "Mixed_5b.branch1x1" -> "Mixed_5b_branch1x1"; stems keep their name.
    return torch_name.replace(".", "_")


def _torch_name(keras_name):
    if keras_name.startswith("Mixed_"):
        return keras_name[:8] + "." + keras_name[9:]
    return keras_name


class _Builder:
    """Builds the convolution units (conv, BatchNorm, ReLU), each named
    after its torch module so that weights can be matched by name."""

    def conv(self, x, torch_name, filters, kernel, strides=1, padding="valid"):
        kernel = (kernel, kernel) if isinstance(kernel, int) else kernel
        base = _keras_name(torch_name)
        conv = layers.Conv2D(
            filters,
            kernel,
            strides=strides,
            padding=padding,
            use_bias=False,
            name=base + "_conv",
        )
        bn = layers.BatchNormalization(epsilon=1e-3, name=base + "_bn")
        return layers.ReLU(name=base + "_relu")(bn(conv(x)))


def _avg_pool(x, name):
    # Keras' "same" average pooling divides by the number of real pixels
    # under the window, as TensorFlow's did in the original graph.
    return layers.AveragePooling2D(3, 1, padding="same", name=name)(x)


def _block_a(b, x, name, pool_features):
    b1 = b.conv(x, f"{name}.branch1x1", 64, 1)
    b5 = b.conv(x, f"{name}.branch5x5_1", 48, 1)
    b5 = b.conv(b5, f"{name}.branch5x5_2", 64, 5, padding="same")
    b3 = b.conv(x, f"{name}.branch3x3dbl_1", 64, 1)
    b3 = b.conv(b3, f"{name}.branch3x3dbl_2", 96, 3, padding="same")
    b3 = b.conv(b3, f"{name}.branch3x3dbl_3", 96, 3, padding="same")
    bp = _avg_pool(x, f"{name}_pool")
    bp = b.conv(bp, f"{name}.branch_pool", pool_features, 1)
    return layers.Concatenate(name=name)([b1, b5, b3, bp])


def _block_b(b, x, name):
    b3 = b.conv(x, f"{name}.branch3x3", 384, 3, strides=2)
    bd = b.conv(x, f"{name}.branch3x3dbl_1", 64, 1)
    bd = b.conv(bd, f"{name}.branch3x3dbl_2", 96, 3, padding="same")
    bd = b.conv(bd, f"{name}.branch3x3dbl_3", 96, 3, strides=2)
    bp = layers.MaxPooling2D(3, 2, name=f"{name}_pool")(x)
    return layers.Concatenate(name=name)([b3, bd, bp])


def _block_c(b, x, name, c7):
    b1 = b.conv(x, f"{name}.branch1x1", 192, 1)
    b7 = b.conv(x, f"{name}.branch7x7_1", c7, 1)
    b7 = b.conv(b7, f"{name}.branch7x7_2", c7, (1, 7), padding="same")
    b7 = b.conv(b7, f"{name}.branch7x7_3", 192, (7, 1), padding="same")
    bd = b.conv(x, f"{name}.branch7x7dbl_1", c7, 1)
    bd = b.conv(bd, f"{name}.branch7x7dbl_2", c7, (7, 1), padding="same")
    bd = b.conv(bd, f"{name}.branch7x7dbl_3", c7, (1, 7), padding="same")
    bd = b.conv(bd, f"{name}.branch7x7dbl_4", c7, (7, 1), padding="same")
    bd = b.conv(bd, f"{name}.branch7x7dbl_5", 192, (1, 7), padding="same")
    bp = _avg_pool(x, f"{name}_pool")
    bp = b.conv(bp, f"{name}.branch_pool", 192, 1)
    return layers.Concatenate(name=name)([b1, b7, bd, bp])


def _block_d(b, x, name):
    b3 = b.conv(x, f"{name}.branch3x3_1", 192, 1)
    b3 = b.conv(b3, f"{name}.branch3x3_2", 320, 3, strides=2)
    b7 = b.conv(x, f"{name}.branch7x7x3_1", 192, 1)
    b7 = b.conv(b7, f"{name}.branch7x7x3_2", 192, (1, 7), padding="same")
    b7 = b.conv(b7, f"{name}.branch7x7x3_3", 192, (7, 1), padding="same")
    b7 = b.conv(b7, f"{name}.branch7x7x3_4", 192, 3, strides=2)
    bp = layers.MaxPooling2D(3, 2, name=f"{name}_pool")(x)
    return layers.Concatenate(name=name)([b3, b7, bp])


def _block_e(b, x, name, max_pool):
    b1 = b.conv(x, f"{name}.branch1x1", 320, 1)
    b3 = b.conv(x, f"{name}.branch3x3_1", 384, 1)
    b3 = layers.Concatenate(name=f"{name}_3x3")(
        [
            b.conv(b3, f"{name}.branch3x3_2a", 384, (1, 3), padding="same"),
            b.conv(b3, f"{name}.branch3x3_2b", 384, (3, 1), padding="same"),
        ]
    )
    bd = b.conv(x, f"{name}.branch3x3dbl_1", 448, 1)
    bd = b.conv(bd, f"{name}.branch3x3dbl_2", 384, 3, padding="same")
    bd = layers.Concatenate(name=f"{name}_3x3dbl")(
        [
            b.conv(bd, f"{name}.branch3x3dbl_3a", 384, (1, 3), padding="same"),
            b.conv(bd, f"{name}.branch3x3dbl_3b", 384, (3, 1), padding="same"),
        ]
    )
    if max_pool:
        # The 2015 graph max-pools here (the paper average-pools).
        bp = layers.MaxPooling2D(3, 1, padding="same", name=f"{name}_pool")(x)
    else:
        bp = _avg_pool(x, f"{name}_pool")
    bp = b.conv(bp, f"{name}.branch_pool", 192, 1)
    return layers.Concatenate(name=name)([b1, b3, bd, bp])


def fid_inception_v3(weights=None, input_shape=(INPUT_SIZE, INPUT_SIZE, 3)):
    """The FID Inception network as a Keras model.

    Args:
        weights: None for freshly initialised weights (tests only), or a
            path to the pytorch-fid `.pth` file or to a `.weights.h5` file
            written by `convert_weights`.
        input_shape: `(height, width, 3)`; inputs are expected in [-1, 1].
            The network is fully convolutional up to the pool, so other
            sizes (75 or more) work, though only 299 gives published FIDs.

    Returns:
        A `keras.Model` with outputs `[features (batch, 2048),
        logits (batch, 1008)]`. Layers are named after the torch modules
        (`Mixed_5b.branch1x1` -> `Mixed_5b_branch1x1_conv`, `..._bn`).
    """
    b = _Builder()
    images = keras.Input(input_shape, name="images")
    x = b.conv(images, "Conv2d_1a_3x3", 32, 3, strides=2)
    x = b.conv(x, "Conv2d_2a_3x3", 32, 3)
    x = b.conv(x, "Conv2d_2b_3x3", 64, 3, padding="same")
    x = layers.MaxPooling2D(3, 2, name="maxpool1")(x)
    x = b.conv(x, "Conv2d_3b_1x1", 80, 1)
    x = b.conv(x, "Conv2d_4a_3x3", 192, 3)
    x = layers.MaxPooling2D(3, 2, name="maxpool2")(x)
    x = _block_a(b, x, "Mixed_5b", 32)
    x = _block_a(b, x, "Mixed_5c", 64)
    x = _block_a(b, x, "Mixed_5d", 64)
    x = _block_b(b, x, "Mixed_6a")
    x = _block_c(b, x, "Mixed_6b", 128)
    x = _block_c(b, x, "Mixed_6c", 160)
    x = _block_c(b, x, "Mixed_6d", 160)
    x = _block_c(b, x, "Mixed_6e", 192)
    x = _block_d(b, x, "Mixed_7a")
    x = _block_e(b, x, "Mixed_7b", max_pool=False)
    x = _block_e(b, x, "Mixed_7c", max_pool=True)
    features = layers.GlobalAveragePooling2D(name="pool")(x)
    logits = layers.Dense(NUM_CLASSES, name="fc")(features)
    model = keras.Model(images, [features, logits], name="fid_inception_v3")
    if weights is not None:
        load_weights(model, weights)
    return model


def assign_state_dict(model, state_dict):
    """Copies a pytorch-fid `state_dict` (name -> numpy array) into `model`.

    Convolution kernels go from torch's `(out, in, h, w)` to Keras'
    `(h, w, in, out)`; the dense kernel is transposed. Every unit of the
    network must be present, with the expected shapes.
    """
    expected = set()
    units = [
        _torch_name(layer.name[: -len("_conv")])
        for layer in model.layers
        if layer.name.endswith("_conv")
    ]
    for name in units:
        conv = model.get_layer(_keras_name(name) + "_conv")
        bn = model.get_layer(_keras_name(name) + "_bn")
        keys = [f"{name}.conv.weight"] + [
            f"{name}.bn.{k}"
            for k in ("weight", "bias", "running_mean", "running_var")
        ]
        expected.update(keys)
        arrays = [_get(state_dict, k) for k in keys]
        _assign(conv.kernel, arrays[0].transpose(2, 3, 1, 0), keys[0])
        for var, array, key in zip(
            (bn.gamma, bn.beta, bn.moving_mean, bn.moving_variance),
            arrays[1:],
            keys[1:],
        ):
            _assign(var, array, key)
    fc = model.get_layer("fc")
    _assign(fc.kernel, _get(state_dict, "fc.weight").T, "fc.weight")
    _assign(fc.bias, _get(state_dict, "fc.bias"), "fc.bias")
    expected.update(("fc.weight", "fc.bias"))
    unused = [
        k
        for k in state_dict
        if k not in expected and not k.endswith("num_batches_tracked")
    ]
    if unused:
        raise ValueError(
            "Expected the tensors of the FID Inception network only. "
            f"Received: {len(unused)} unknown ones, e.g. {unused[:3]}"
        )


def _get(state_dict, key):
    if key not in state_dict:
        raise ValueError(
            "Expected a pytorch-fid Inception state_dict. Received: one "
            f"without {key!r}"
        )
    return np.asarray(state_dict[key], np.float32)


def _assign(variable, array, key):
    if tuple(variable.shape) != array.shape:
        raise ValueError(
            f"Expected {key} of shape {tuple(variable.shape)} after "
            f"conversion. Received: shape {array.shape}"
        )
    variable.assign(array)


def load_weights(model, path):
    """Loads a `.pth` file (converted on the fly) or `.weights.h5` file."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(_missing_message(path))
    if path.endswith(".h5"):
        model.load_weights(path)
    else:
        assign_state_dict(model, load_torch_state_dict(path))


def convert_weights(pth_path, output_path):
    """Converts the pytorch-fid weight file into a Keras `.weights.h5`.

    Args:
        pth_path: `pt_inception-2015-12-05-6726825d.pth`.
        output_path: where to write; must end in `.weights.h5`.
    """
    model = fid_inception_v3(weights=pth_path)
    model.save_weights(output_path)
    return output_path


def default_weights_path():
    """Where the weight file is looked for and downloaded to."""
    cache = os.environ.get("KERAS_HOME") or os.path.join(
        os.path.expanduser("~"), ".keras"
    )
    return os.path.join(cache, "keras_gans", WEIGHTS_NAME)


def _missing_message(path):
    return (
        f"The FID Inception weights were not found at {path!r}. Download "
        f"{WEIGHTS_URL} and pass its path as `weights=`, or put it at "
        f"{default_weights_path()!r}. (It is the weight file of the "
        "pytorch-fid package; torch is not needed to read it.)"
    )


def resolve_weights(weights=None, download=True):
    """The path of the weight file: given, cached, or downloaded."""
    if weights is not None:
        path = os.fspath(weights)
        if not os.path.isfile(path):
            raise FileNotFoundError(_missing_message(path))
        return path
    path = default_weights_path()
    if os.path.isfile(path):
        return path
    if not download:
        raise FileNotFoundError(_missing_message(path))
    try:
        return _download(path)
    except Exception as error:  # no network, proxy, HTTP errors
        raise FileNotFoundError(
            _missing_message(path) + f" Downloading failed: {error}"
        ) from error


def _download(path):
    return keras.utils.get_file(
        fname=WEIGHTS_NAME,
        origin=WEIGHTS_URL,
        cache_dir=os.path.dirname(os.path.dirname(path)),
        cache_subdir=os.path.basename(os.path.dirname(path)),
    )


class InceptionExtractor(FeatureExtractor):
    """`inception`: pool features and logits of the FID Inception network.

    Args:
        weights: path of the pytorch-fid `.pth` file or a converted
            `.weights.h5`; None looks in `~/.keras/keras_gans/` and
            downloads there when online.
        resize: "pytorch_fid" (bilinear, as published FIDs from that
            package) or "clean" (clean-fid's antialiased bicubic).
        download: whether a missing default file may be downloaded.
        batch_size: images per forward pass.
    """

    name = "inception"
    feature_dim = FEATURE_DIM
    num_classes = NUM_CLASSES

    def __init__(
        self,
        weights=None,
        resize="pytorch_fid",
        download=True,
        batch_size=32,
        model=None,
    ):
        super().__init__(batch_size)
        if resize not in ("pytorch_fid", "clean"):
            raise ValueError(
                "Expected resize='pytorch_fid' or 'clean'. "
                f"Received: resize={resize!r}"
            )
        self.resize = resize
        if model is None:
            model = fid_inception_v3(resolve_weights(weights, download))
        self.model = model

    def preprocess(self, images):
        """uint8 NHWC -> float32 in [-1, 1] at 299x299, 3 channels."""
        images = to_rgb(images).astype(np.float32)
        if self.resize == "clean":
            x = resize_pil(images, INPUT_SIZE, "bicubic") / 255.0
        else:
            x = resize_bilinear_torch(images / 255.0, INPUT_SIZE)
        return 2.0 * x - 1.0

    def _forward(self, images):
        features, logits = self.model.predict_on_batch(self.preprocess(images))
        return features, logits

    def describe(self):
        return f"inception ({self.resize} resize)"
