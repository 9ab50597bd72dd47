"""Content losses of super-resolution: pixel MSE and VGG19 feature MSE.

A content loss compares a generated image with its reference, both float
tensors in [-1, 1] of shape `(batch, height, width, 3)`, and returns a
float32 scalar. `get(name)` resolves the names `"mse"`, `"vgg22"` and
`"vgg54"` (Ledig et al. 2017).
"""

import os

import keras
from keras import ops

VGG19_WEIGHTS_FILE = "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5"
VGG19_WEIGHTS_URL = (
    "https://storage.googleapis.com/tensorflow/keras-applications/vgg19/"
    + VGG19_WEIGHTS_FILE
)
_VGG19_WEIGHTS_MD5 = "253f8cb515780f3b799900260a226db6"
# keras.applications.vgg19.preprocess_input ("caffe" mode): BGR channel
# means of ImageNet, on the 0..255 scale.
_CAFFE_MEANS_BGR = (103.939, 116.779, 123.68)
_NAMED_LAYERS = {"vgg22": "block2_conv2", "vgg54": "block5_conv4"}


class MissingWeightsError(FileNotFoundError):
    """Pretrained weights a loss needs are neither cached nor reachable."""


def _missing_weights_message(weights, reason):
    cache = os.path.join(_keras_home(), "models")
    if weights == "imagenet":
        wanted = (
            "the ImageNet weights of keras.applications.VGG19 (the file "
            f"{VGG19_WEIGHTS_FILE})"
        )
    else:
        wanted = (
            "a weights file of keras.applications.VGG19(include_top=False) "
            "at the given path"
        )
    return (
        f"Expected {wanted} for the VGG content loss, but {reason}. "
        f"Either download {VGG19_WEIGHTS_URL} into {cache}/ or pass the "
        "path of that file (VGGContentLoss(weights=PATH); command line "
        "--vgg-weights PATH), or train without VGG features: "
        "content_loss='mse' gives the pixel-loss models of the paper, "
        "SRResNet-MSE (phase 'mse') and SRGAN-MSE (phase 'gan'). A VGG loss "
        f"on random weights is never used. Received: weights={weights!r}"
    )


def _keras_home():
    # Where keras.utils.get_file caches files (unless not writable).
    return os.path.expanduser(
        os.environ.get("KERAS_HOME", os.path.join("~", ".keras"))
    )


def _download_imagenet_weights():
    # keras.applications' own file name, origin and hash: a file it has
    # cached is found here, and the other way round.
    return keras.utils.get_file(
        VGG19_WEIGHTS_FILE,
        VGG19_WEIGHTS_URL,
        cache_subdir="models",
        file_hash=_VGG19_WEIGHTS_MD5,
    )


def vgg19_weights_path(weights="imagenet"):
    """The local path of VGG19 weights, downloading ImageNet's if needed.

    Args:
        weights: `"imagenet"` (Keras' cached copy, downloaded when missing
            and online) or the path of a weights file of
            `keras.applications.VGG19(include_top=False)` (`.h5` as Keras
            distributes it, or `.weights.h5` from `Model.save_weights`).

    Raises:
        MissingWeightsError: the file is not there and cannot be fetched.
    """
    if weights == "imagenet":
        try:
            return _download_imagenet_weights()
        except Exception as error:  # no network, proxy, bad hash, ...
            raise MissingWeightsError(
                _missing_weights_message(
                    weights,
                    f"they are not cached and the download failed ({error})",
                )
            ) from error
    if not isinstance(weights, (str, os.PathLike)):
        raise ValueError(
            "Expected `weights` to be 'imagenet' or the path of a VGG19 "
            f"weights file. Received: weights={weights!r}"
        )
    if not os.path.isfile(weights):
        raise MissingWeightsError(
            _missing_weights_message(weights, "there is no such file")
        )
    return os.fspath(weights)


def vgg19_feature_extractor(layer="block5_conv4", weights="imagenet"):
    """VGG19 up to one named layer, frozen, on inputs of any size.

    The layer names are those of `keras.applications.VGG19`
    (`block{i}_conv{j}` is the paper's phi_{i,j}). Keras builds every VGG
    convolution with its ReLU, so the features are taken after the
    activation, as Ledig et al. define them ("the feature map obtained by
    the j-th convolution (after activation) before the i-th maxpooling
    layer"); ESRGAN later argued for features before it.

    Args:
        layer: name of the layer whose output is returned.
        weights: `"imagenet"` or a weights file path (see
            `vgg19_weights_path`). Random weights are not offered.

    Returns:
        A non-trainable `keras.Model` taking images preprocessed by
        `vgg19_preprocess`.
    """
    path = vgg19_weights_path(weights)
    vgg = keras.applications.VGG19(
        include_top=False, weights=None, input_shape=(None, None, 3)
    )
    names = [l.name for l in vgg.layers[1:]]
    if layer not in names:
        raise ValueError(
            f"Expected `layer` to name a layer of VGG19: one of {names}. "
            f"Received: layer={layer!r}"
        )
    try:
        vgg.load_weights(path)
    except Exception as error:
        raise ValueError(
            "Expected a weights file of keras.applications.VGG19("
            "include_top=False). Loading it failed with: "
            f"{error}. Received: weights={weights!r}"
        ) from error
    model = keras.Model(
        vgg.input, vgg.get_layer(layer).output, name=f"vgg19_{layer}"
    )
    model.trainable = False
    return model


def vgg19_preprocess(images):
    """Maps RGB images in [-1, 1] to VGG19's input, differentiably.

    The same as `keras.applications.vgg19.preprocess_input` on the image
    scaled to [0, 255]: channels reversed to BGR and the ImageNet channel
    means subtracted ("caffe" mode, no division by a deviation).
    """
    images = ops.cast(images, "float32")
    bgr = ops.flip((images + 1.0) * 127.5, axis=-1)
    return bgr - ops.convert_to_tensor(_CAFFE_MEANS_BGR, "float32")


@keras.saving.register_keras_serializable(package="keras_gans")
class PixelLoss:
    """Mean squared error over pixels, the paper's l_MSE.

    Computed on images in [-1, 1]; the loss of SRResNet-MSE and, as the
    content loss of the GAN phase, of SRGAN-MSE.
    """

    name = "mse"

    def __call__(self, y_true, y_pred):
        diff = ops.cast(y_true, "float32") - ops.cast(y_pred, "float32")
        return ops.mean(ops.square(diff))

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return "PixelLoss()"


@keras.saving.register_keras_serializable(package="keras_gans")
class VGGContentLoss:
    """Mean squared error between VGG19 features of two images.

    The perceptual content loss of SRGAN: both images go through
    `vgg19_preprocess` and the frozen VGG19 up to `layer`; the features are
    multiplied by `rescale` (the paper's 1/12.75, which brings the loss to
    the scale of the pixel MSE) and compared by their mean squared
    difference over positions and channels.

    The network is fixed, so it is held outside Keras' variable tracking: it
    is neither trained nor written into a model saved with this loss; the
    saved compile configuration records `layer` and `weights`, and loading
    the model builds the network again from them.

    Args:
        layer: a VGG19 layer name; `"block5_conv4"` is the paper's VGG54,
            `"block2_conv2"` its VGG22.
        weights: `"imagenet"` (downloaded by Keras when online, then cached)
            or the path of a `keras.applications.VGG19(include_top=False)`
            weights file.
        rescale: factor applied to the features before the difference.

    Raises:
        MissingWeightsError: at construction, when the weights cannot be
            found; the message says how to provide them.

    Reference:
        Ledig et al., "Photo-Realistic Single Image Super-Resolution Using a
        Generative Adversarial Network", CVPR 2017.
    """

    def __init__(
        self, layer="block5_conv4", weights="imagenet", rescale=1 / 12.75
    ):
        if not isinstance(rescale, (int, float)) or rescale <= 0:
            raise ValueError(
                "Expected `rescale` to be a positive number. "
                f"Received: rescale={rescale!r}"
            )
        self.layer = layer
        self.weights = os.fspath(weights)
        self.rescale = float(rescale)
        self.feature_model = vgg19_feature_extractor(layer, weights)

    @property
    def name(self):
        for short, layer in _NAMED_LAYERS.items():
            if layer == self.layer:
                return short
        return f"vgg_{self.layer}"

    def features(self, images):
        """Rescaled VGG features of images in [-1, 1]."""
        x = vgg19_preprocess(images)
        features = self.feature_model(x, training=False)
        return ops.cast(features, "float32") * self.rescale

    def __call__(self, y_true, y_pred):
        # One pass over both batches.
        both = ops.concatenate(
            [ops.cast(y_true, "float32"), ops.cast(y_pred, "float32")], axis=0
        )
        real, fake = ops.split(self.features(both), 2, axis=0)
        return ops.mean(ops.square(real - fake))

    def get_config(self):
        return {
            "layer": self.layer,
            "weights": self.weights,
            "rescale": self.rescale,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"VGGContentLoss(layer={self.layer!r}, weights={self.weights!r})"


def get(identifier, weights="imagenet"):
    """A content loss from a name (`mse`, `vgg22`, `vgg54`) or an instance.

    Args:
        identifier: a name or a loss object (returned unchanged).
        weights: VGG19 weights for the VGG names: `"imagenet"` or a path.
    """
    if isinstance(identifier, (PixelLoss, VGGContentLoss)):
        return identifier
    if identifier == "mse":
        return PixelLoss()
    if identifier in _NAMED_LAYERS:
        return VGGContentLoss(_NAMED_LAYERS[identifier], weights=weights)
    raise ValueError(
        "Expected a content loss name among ['mse', 'vgg22', 'vgg54'] or a "
        "PixelLoss / VGGContentLoss instance. "
        f"Received: content_loss={identifier!r}"
    )
