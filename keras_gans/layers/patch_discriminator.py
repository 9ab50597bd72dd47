"""The PatchGAN discriminator of Pix2Pix and CycleGAN."""

import keras
from keras import layers

from keras_gans.layers.normalization import check_normalization
from keras_gans.layers.normalization import conv_initializer
from keras_gans.layers.normalization import normalization_layer


def patch_receptive_field(num_layers):
    """Side in pixels of the input patch behind one output logit.

    Each of the `num_layers` stride-2 convolutions and the two stride-1
    convolutions after them has a 4x4 kernel: 1 layer sees 16 px, 2 see
    34 px, 3 (the default) see 70 px, 4 see 142 px.
    """
    _check_num_layers(num_layers)
    field = 1
    for stride in [1, 1] + [2] * num_layers:
        field = (field - 1) * stride + 4
    return field


def patch_grid_size(image_size, num_layers):
    """Height (or width) of the grid of logits for an input side.

    With one pixel of zero padding before every 4x4 convolution, each
    stride-2 layer maps a side `s` to `s // 2` (exactly half for even
    sides) and each of the two stride-1 layers takes one away: for a side
    divisible by `2**num_layers` the grid is `image_size / 2**num_layers
    - 2` (30x30 at 256 with 3 layers, as in the paper).
    """
    _check_num_layers(num_layers)
    size = int(image_size)
    for _ in range(num_layers):
        size = (size + 2 - 4) // 2 + 1
    return size - 2


def _check_num_layers(num_layers):
    if (
        isinstance(num_layers, bool)
        or not isinstance(num_layers, int)
        or num_layers < 1
    ):
        raise ValueError(
            "Expected `num_layers` to be a positive int (3 for the 70x70 "
            f"PatchGAN). Received: num_layers={num_layers!r}"
        )


def _conv(filters, strides, norm, name):
    return layers.Conv2D(
        filters,
        4,
        strides=strides,
        padding="valid",
        use_bias=norm != "batch",
        kernel_initializer=conv_initializer(),
        name=name,
    )


def patch_discriminator(
    image_shape,
    filters=64,
    num_layers=3,
    norm="batch",
    condition_shape=None,
    name="discriminator",
):
    """A PatchGAN: a grid of logits, each judging one patch of the input.

    `num_layers` 4x4 stride-2 convolutions (`filters`, doubled at every
    layer up to `8 * filters`), then a 4x4 stride-1 convolution and a 4x4
    stride-1 convolution to one channel of logits (no activation). Every
    convolution but the first and the last is followed by `norm`; all but
    the last by LeakyReLU(0.2). The depth sets the receptive field of each
    logit: see `patch_receptive_field` (16, 34, 70 px for 1, 2, 3 layers)
    and `patch_grid_size` for the output grid. The last layer runs in
    float32 so the logits keep their precision under mixed precision.

    Args:
        image_shape: `(height, width, channels)` of the judged images.
        filters: channels of the first convolution.
        num_layers: stride-2 convolutions; 3 gives the paper's 70x70
            PatchGAN.
        norm: `"batch"` (Pix2Pix), `"instance"` (CycleGAN) or `None`.
        condition_shape: for a conditional discriminator (Pix2Pix), the
            `(height, width, channels)` of the conditioning input; the
            model then takes `[condition, images]` and judges their
            channel-wise concatenation.
        name: name of the returned model.

    Returns:
        A functional `keras.Model` returning `(batch, grid, grid, 1)`
        logits.

    Raises:
        ValueError: for a size too small for the grid to have one cell,
            or a condition whose height and width differ from the images'.

    Reference:
        Isola, Zhu, Zhou & Efros, "Image-to-Image Translation with
        Conditional Adversarial Networks", CVPR 2017 (section 3.2.2 and
        appendix 6.1.2).
    """
    _check_num_layers(num_layers)
    check_normalization(norm)
    image_shape = tuple(image_shape)
    if len(image_shape) != 3:
        raise ValueError(
            "Expected `image_shape` to be (height, width, channels). "
            f"Received: image_shape={image_shape!r}"
        )
    for side in image_shape[:2]:
        if side is not None and patch_grid_size(side, num_layers) < 1:
            raise ValueError(
                f"Expected images large enough for a {num_layers}-layer "
                "PatchGAN to return at least one logit (at least "
                f"{3 * 2**num_layers} px). Received: "
                f"image_shape={image_shape!r}"
            )
    images = keras.Input(image_shape, name="images")
    if condition_shape is None:
        inputs = images
        x = images
    else:
        condition_shape = tuple(condition_shape)
        if len(condition_shape) != 3 or condition_shape[:2] != image_shape[:2]:
            raise ValueError(
                "Expected `condition_shape` (height, width, channels) with "
                "the height and width of `image_shape`. Received: "
                f"condition_shape={condition_shape!r}, "
                f"image_shape={image_shape!r}"
            )
        condition = keras.Input(condition_shape, name="condition")
        inputs = [condition, images]
        x = layers.Concatenate(name="pair")([condition, images])

    widths = [filters * min(2**i, 8) for i in range(num_layers + 1)]
    for i, width in enumerate(widths):
        strides = 2 if i < num_layers else 1
        x = layers.ZeroPadding2D(1, name=f"pad{i + 1}")(x)
        x = _conv(width, strides, norm if i else None, f"conv{i + 1}")(x)
        if i:
            norm_layer = normalization_layer(norm, name=f"norm{i + 1}")
            if norm_layer is not None:
                x = norm_layer(x)
        x = layers.LeakyReLU(0.2, name=f"act{i + 1}")(x)
    x = layers.ZeroPadding2D(1, name="pad_logits")(x)
    logits = layers.Conv2D(
        1,
        4,
        padding="valid",
        kernel_initializer=conv_initializer(),
        dtype="float32",
        name="logits",
    )(x)
    return keras.Model(inputs, logits, name=name)
