"""A buffer of past generated images for the discriminator."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keras_gans")
class ImageHistoryPool(keras.layers.Layer):
    """Shows the discriminator a mix of fresh and earlier generated images.

    While the pool is filling, every image is stored and returned as is.
    Once it holds `pool_size` images, each incoming image is, with
    probability `probability`, swapped with a stored image chosen uniformly
    at random (the stored one is returned, the new one takes its slot);
    otherwise it is returned as is and not stored. This is the scheme of
    Shrivastava et al. that CycleGAN uses with 50 images.

    The pool is part of the model's state: the images, the count of
    stored images and the random generator are non-trainable variables,
    so the pool works inside a compiled training step on every backend and
    is saved and restored with the model's weights.

    One difference from a one-image-at-a-time loop: a whole batch is
    handled at once, so two images of a batch that draw the same slot both
    return the image stored there before the batch (the later one is
    kept). With a batch of 1, as in CycleGAN, the two agree exactly.

    Args:
        pool_size: images kept; 0 makes the pool a pass-through.
        image_shape: `(height, width, channels)`; when given the buffer is
            created at once (needed before a JAX training step), otherwise
            on the first call.
        probability: chance that an incoming image is swapped with a stored
            one once the pool is full.
        seed: int seed of the pool's `keras.random.SeedGenerator`.

    Input shape:
        `(batch, height, width, channels)`.

    Output shape:
        Same as the input. No gradient flows through the pool.

    Reference:
        Shrivastava et al., "Learning from Simulated and Unsupervised
        Images through Adversarial Training", CVPR 2017; Zhu, Park, Isola
        & Efros, "Unpaired Image-to-Image Translation using
        Cycle-Consistent Adversarial Networks", ICCV 2017.
    """

    def __init__(
        self,
        pool_size=50,
        image_shape=None,
        probability=0.5,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if (
            isinstance(pool_size, bool)
            or not isinstance(pool_size, int)
            or pool_size < 0
        ):
            raise ValueError(
                "Expected `pool_size` to be a non-negative int. "
                f"Received: pool_size={pool_size!r}"
            )
        if not 0.0 <= float(probability) <= 1.0:
            raise ValueError(
                "Expected `probability` in [0, 1]. "
                f"Received: probability={probability!r}"
            )
        self.pool_size = pool_size
        self.probability = float(probability)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed, name="pool")
        self.image_shape = None
        if image_shape is not None:
            self.build((None,) + tuple(image_shape))

    def build(self, input_shape):
        image_shape = tuple(input_shape[1:])
        if len(image_shape) != 3 or any(d is None for d in image_shape):
            raise ValueError(
                "Expected images of a known shape (height, width, "
                f"channels). Received: input_shape={tuple(input_shape)}"
            )
        self.image_shape = tuple(int(d) for d in image_shape)
        self.images = self.add_weight(
            shape=(self.pool_size,) + self.image_shape,
            initializer="zeros",
            trainable=False,
            name="images",
        )
        self.count = self.add_weight(
            shape=(),
            initializer="zeros",
            dtype="int32",
            trainable=False,
            name="count",
        )
        self.built = True

    def call(self, images):
        images = ops.stop_gradient(images)
        if self.pool_size == 0:
            return images
        dtype = self.images.dtype
        images = ops.cast(images, dtype)
        batch_shape = ops.shape(images)[:1]
        index = ops.arange(batch_shape[0], dtype="int32")
        count = ops.convert_to_tensor(self.count.value)

        # Filling: image i goes to slot count + i while there is room.
        fill_slot = count + index
        filling = fill_slot < self.pool_size
        pool = _write(self.images.value, fill_slot, filling, images)

        # Swapping, once full: return a stored image, keep the new one.
        draw = keras.random.uniform(batch_shape, seed=self.seed_generator)
        slot = keras.random.randint(
            batch_shape, 0, self.pool_size, seed=self.seed_generator
        )
        swap = ops.logical_and(
            ops.logical_not(filling), draw < self.probability
        )
        stored = ops.einsum(
            "bp,phwc->bhwc",
            ops.one_hot(slot, self.pool_size, dtype=dtype),
            pool,
        )
        pool = _write(pool, slot, swap, images)
        mask = ops.reshape(ops.cast(swap, dtype), (-1, 1, 1, 1))
        outputs = mask * stored + (1.0 - mask) * images

        self.images.assign(pool)
        filled = ops.minimum(count + batch_shape[0], self.pool_size)
        self.count.assign(ops.cast(filled, "int32"))
        return outputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    # Keras saves a layer's own weights but not the state of its seed
    # generators; the pool saves it too, so that a resumed run continues
    # the random sequence instead of replaying it.
    def save_own_variables(self, store):
        super().save_own_variables(store)
        store[str(len(store.keys()))] = self.seed_generator.state

    def load_own_variables(self, store):
        keys = sorted(store.keys(), key=int)
        own = len(self._trainable_variables + self._non_trainable_variables)
        super().load_own_variables({k: store[k] for k in keys[:own]})
        if len(keys) > own:
            self.seed_generator.state.assign(store[keys[own]])

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "pool_size": self.pool_size,
                "image_shape": self.image_shape,
                "probability": self.probability,
                "seed": self.seed,
            }
        )
        return config


def _write(pool, slots, mask, images):
    """Writes `images[b]` to `pool[slots[b]]` where `mask[b]`.

    Written as products with one-hot matrices so that it traces with
    static shapes on every backend. Where several images target one slot,
    the last one wins.
    """
    size = ops.shape(pool)[0]
    dtype = pool.dtype
    # Slots out of range (filling past the end) give all-zero rows.
    hits = ops.one_hot(ops.minimum(slots, size), size + 1, dtype=dtype)
    hits = hits[:, :size] * ops.cast(mask, dtype)[:, None]
    later = ops.flip(ops.cumsum(ops.flip(hits, 0), axis=0), 0) - hits
    hits = hits * ops.cast(later == 0, dtype)
    written = ops.sum(hits, axis=0)
    new = ops.einsum("bp,bhwc->phwc", hits, images)
    return pool * (1.0 - written)[:, None, None, None] + new
