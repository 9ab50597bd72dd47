"""DiffAugment: differentiable augmentation for data-efficient GANs."""

import keras
from keras import ops

OPERATIONS = ("color", "translation", "cutout")
DEFAULT_POLICY = "color,translation,cutout"

# Random numbers come from a counter-based integer hash written with
# `keras.ops` (32-bit multiply-xorshift rounds on int32 with wrap-around),
# keyed by the state of a `keras.random.SeedGenerator`. `keras.random`
# itself draws different numbers on each backend for the same seed; this
# hash gives bit-identical draws everywhere, so that the same seed gives
# the same augmentation on TensorFlow, JAX and torch.
_GOLDEN = -1640531527  # 0x9E3779B9 as int32
_STREAM = 1013904223
_MULTIPLIERS = (0x21F0AAAD, 0x735A2D97)


def _int32(value):
    """A Python int taken modulo 2**32, as an int32 constant."""
    value &= 0xFFFFFFFF
    if value >= 1 << 31:
        value -= 1 << 32
    return ops.convert_to_tensor(value, dtype="int32")


def _shift_right(x, bits):
    # Logical shift on int32: an arithmetic shift, then clear the sign bits.
    return ops.bitwise_and(
        ops.right_shift(x, bits), _int32((1 << (32 - bits)) - 1)
    )


def _mix(x):
    """A 32-bit integer finalizer (xorshift-multiply rounds)."""
    x = ops.bitwise_xor(x, _shift_right(x, 16))
    x = ops.multiply(x, _int32(_MULTIPLIERS[0]))
    x = ops.bitwise_xor(x, _shift_right(x, 15))
    x = ops.multiply(x, _int32(_MULTIPLIERS[1]))
    return ops.bitwise_xor(x, _shift_right(x, 15))


def _draw_key(seed_generator):
    """An int32 key from a seed generator's next state (or an int seed)."""
    if isinstance(seed_generator, keras.random.SeedGenerator):
        state = ops.cast(seed_generator.next(), "int32")
        seed, counter = state[0], state[1]
    else:
        seed, counter = _int32(int(seed_generator)), _int32(0)
    key = _mix(ops.bitwise_xor(seed, _int32(_STREAM)))
    return _mix(ops.add(key, ops.multiply(counter, _int32(_GOLDEN))))


def _random_bits(key, stream, batch):
    """`batch` random int32 words of stream number `stream`."""
    stream_key = _mix(ops.add(key, _int32(stream * _STREAM)))
    index = ops.cast(ops.arange(batch), "int32")
    return _mix(_mix(ops.add(stream_key, ops.multiply(index, _int32(_GOLDEN)))))


def _uniform(bits):
    """Floats in [0, 1) from the top 24 bits (exact in float32)."""
    return ops.cast(_shift_right(bits, 8), "float32") * (2.0**-24)


def _integers(bits, count):
    """Integers in [0, count)."""
    return ops.mod(_shift_right(bits, 1), _int32(count))


def _per_sample(values):
    return ops.reshape(values, (-1, 1, 1, 1))


def _color(x, key, batch):
    brightness = _uniform(_random_bits(key, 0, batch)) - 0.5
    x = x + _per_sample(brightness)
    saturation = 2.0 * _uniform(_random_bits(key, 1, batch))
    mean = ops.mean(x, axis=3, keepdims=True)
    x = (x - mean) * _per_sample(saturation) + mean
    contrast = _uniform(_random_bits(key, 2, batch)) + 0.5
    mean = ops.mean(x, axis=(1, 2, 3), keepdims=True)
    return (x - mean) * _per_sample(contrast) + mean


def _shift_axis(x, shifts, axis):
    """Moves each image by `shifts[b]` pixels along `axis`, zero-filled.

    A gather plus a 0/1 mask rather than a product with shift matrices, so
    that values are copied exactly on every device and precision setting.
    """
    size = x.shape[axis]
    positions = ops.arange(size, dtype="int32")[None, :] - shifts[:, None]
    inside = ops.logical_and(positions >= 0, positions < size)
    positions = ops.clip(positions, 0, size - 1)
    shape = [-1, 1, 1, 1]
    shape[axis] = size
    positions = ops.reshape(positions, shape)
    moved = ops.take_along_axis(
        x, ops.broadcast_to(positions, ops.shape(x)), axis=axis
    )
    return moved * ops.cast(ops.reshape(inside, shape), x.dtype)


def _translation(x, key, batch, ratio):
    for stream, axis in ((3, 1), (4, 2)):
        limit = int(x.shape[axis] * ratio + 0.5)
        shifts = _integers(_random_bits(key, stream, batch), 2 * limit + 1)
        x = _shift_axis(x, shifts - limit, axis)
    return x


def _cutout(x, key, batch, ratio):
    mask = None
    for stream, axis in ((5, 1), (6, 2)):
        size = x.shape[axis]
        length = int(size * ratio + 0.5)
        # The square's start: its centre is uniform over the image, with
        # one extra position for even lengths (the square may overhang).
        offsets = _integers(
            _random_bits(key, stream, batch), size + 1 - length % 2
        )
        start = offsets - length // 2
        index = ops.arange(size, dtype="int32")[None, :]
        covered = ops.logical_and(
            index >= start[:, None], index < (start + length)[:, None]
        )
        shape = [-1, 1, 1, 1]
        shape[axis] = size
        covered = ops.reshape(covered, shape)
        mask = covered if mask is None else ops.logical_and(mask, covered)
    return x * (1.0 - ops.cast(mask, x.dtype))


def parse_policy(policy):
    """Checks a policy string and returns its operations as a tuple."""
    names = None
    if isinstance(policy, str):
        names = tuple(p.strip() for p in policy.split(","))
    if (
        not names
        or any(name not in OPERATIONS for name in names)
        or len(set(names)) != len(names)
    ):
        raise ValueError(
            "Expected `policy` to be a comma-separated list of distinct "
            f"operations among {OPERATIONS}, e.g. {DEFAULT_POLICY!r}. "
            f"Received: policy={policy!r}"
        )
    return names


def diff_augment(
    images,
    seed_generator,
    policy=DEFAULT_POLICY,
    translation_ratio=0.125,
    cutout_ratio=0.5,
):
    """Augments a batch of images with DiffAugment.

    See `DiffAugment` for the operations. Every operation is a
    differentiable function of `images`; the random parameters (one set per
    image) are drawn from `seed_generator`, identically on every backend.

    Args:
        images: `(batch, height, width, channels)` images in [-1, 1].
        seed_generator: a `keras.random.SeedGenerator` (advanced by one
            state per call) or an int seed.
        policy: operations to apply, in order, separated by commas.
        translation_ratio: the largest shift, as a fraction of the size.
        cutout_ratio: side of the cut square, as a fraction of the size.

    Returns:
        The augmented images, same shape and dtype.
    """
    names = parse_policy(policy)
    if len(images.shape) != 4:
        raise ValueError(
            "Expected images of shape (batch, height, width, channels). "
            f"Received: images.shape={tuple(images.shape)}"
        )
    dtype = images.dtype
    x = ops.cast(images, "float32")
    batch = ops.shape(x)[0]
    key = _draw_key(seed_generator)
    for name in names:
        if name == "color":
            x = _color(x, key, batch)
        elif name == "translation":
            x = _translation(x, key, batch, translation_ratio)
        else:
            x = _cutout(x, key, batch, cutout_ratio)
    return ops.cast(x, dtype)


def _check_ratio(name, value):
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not (0 <= value < 1)
    ):
        raise ValueError(
            f"Expected `{name}` to be a number in [0, 1). "
            f"Received: {name}={value!r}"
        )
    return float(value)


@keras.saving.register_keras_serializable(package="keras_gans")
class DiffAugment:
    """Differentiable augmentation (DiffAugment) for GAN training.

    Applied to both real and generated images before every discriminator
    call, in both players' updates, so that the discriminator never sees
    unaugmented images and the generator's gradients pass through the
    same transformations. Operations, as in the paper:

    - `color`: per image, brightness `+ U(-0.5, 0.5)`, then saturation
      (distance to the channel mean) `* U(0, 2)`, then contrast (distance to
      the image mean) `* U(0.5, 1.5)`;
    - `translation`: a shift of up to `translation_ratio` (1/8) of the size
      along each axis, independently, uncovered pixels set to zero;
    - `cutout`: a square of `cutout_ratio` (1/2) of the size set to zero,
      centred uniformly over the image.

    Use it through `GAN.compile(augment="color,translation,cutout")` or
    `compile(augment=DiffAugment(...))`.

    Args:
        policy: comma-separated operations from `color`, `translation`,
            `cutout`.
        translation_ratio: the largest shift, as a fraction of the size.
        cutout_ratio: side of the cut square, as a fraction of the size.

    Reference:
        Zhao, Liu, Lin, Zhu & Han, "Differentiable Augmentation for
        Data-Efficient GAN Training", NeurIPS 2020.
    """

    def __init__(
        self, policy=DEFAULT_POLICY, translation_ratio=0.125, cutout_ratio=0.5
    ):
        self.policy = ",".join(parse_policy(policy))
        self.translation_ratio = _check_ratio(
            "translation_ratio", translation_ratio
        )
        self.cutout_ratio = _check_ratio("cutout_ratio", cutout_ratio)

    def __call__(self, images, seed_generator):
        return diff_augment(
            images,
            seed_generator,
            policy=self.policy,
            translation_ratio=self.translation_ratio,
            cutout_ratio=self.cutout_ratio,
        )

    def get_config(self):
        return {
            "policy": self.policy,
            "translation_ratio": self.translation_ratio,
            "cutout_ratio": self.cutout_ratio,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"DiffAugment(policy={self.policy!r})"


def get(identifier):
    """A `DiffAugment` from None, a policy string, an instance or a config.

    Returns None for None (no augmentation).
    """
    if identifier is None or isinstance(identifier, DiffAugment):
        return identifier
    if isinstance(identifier, str):
        return DiffAugment(identifier)
    if isinstance(identifier, dict):
        return keras.saving.deserialize_keras_object(identifier)
    raise ValueError(
        "Expected `augment` to be None, a DiffAugment policy string such as "
        f"{DEFAULT_POLICY!r} or a DiffAugment. Received: augment={identifier!r}"
    )
