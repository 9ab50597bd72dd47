"""Class-conditional batch normalization."""

import keras
from keras import layers
from keras import ops


@keras.saving.register_keras_serializable(package="keras_gans")
class ConditionalBatchNormalization(layers.Layer):
    """Batch normalization whose scale and offset depend on a class label.

    The input is normalised with batch statistics in training and moving
    statistics in inference, exactly as `keras.layers.BatchNormalization`
    with `center=False, scale=False`; then each sample is scaled and shifted
    by the row of a learned `(num_classes, channels)` table picked by its
    label: `gamma[y] * x_hat + beta[y]`.

    Args:
        num_classes: number of classes (rows of the gamma and beta tables).
        momentum: momentum of the moving statistics.
        epsilon: added to the variance before the square root.
        gamma_initializer: initializer of the per-class scales.
        beta_initializer: initializer of the per-class offsets.
        **kwargs: base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: a list `[x, labels]`: `x` of shape `(batch, ..., channels)`
            and integer `labels` of shape `(batch,)` in
            `[0, num_classes)`.
        training: whether to normalise with batch statistics (and update
            the moving ones).

    Reference:
        de Vries et al., "Modulating early visual processing by language",
        NeurIPS 2017; Miyato & Koyama, "cGANs with Projection
        Discriminator", ICLR 2018 (the categorical form used here).
    """

    def __init__(
        self,
        num_classes,
        momentum=0.99,
        epsilon=1e-3,
        gamma_initializer="ones",
        beta_initializer="zeros",
        **kwargs,
    ):
        super().__init__(**kwargs)
        if (
            isinstance(num_classes, bool)
            or not isinstance(num_classes, int)
            or num_classes < 1
        ):
            raise ValueError(
                "Expected `num_classes` to be a positive int. "
                f"Received: num_classes={num_classes!r}"
            )
        self.num_classes = num_classes
        self.momentum = momentum
        self.epsilon = epsilon
        self.gamma_initializer = keras.initializers.get(gamma_initializer)
        self.beta_initializer = keras.initializers.get(beta_initializer)
        self.batch_norm = layers.BatchNormalization(
            momentum=momentum,
            epsilon=epsilon,
            center=False,
            scale=False,
            dtype=self.dtype_policy,
            name="batch_norm",
        )

    def build(self, input_shape):
        x_shape, _ = input_shape
        channels = x_shape[-1]
        if channels is None:
            raise ValueError(
                "Expected a known channel (last) dimension. "
                f"Received: input shape {tuple(x_shape)}"
            )
        self.batch_norm.build(x_shape)
        self.gamma = self.add_weight(
            shape=(self.num_classes, channels),
            initializer=self.gamma_initializer,
            name="gamma",
        )
        self.beta = self.add_weight(
            shape=(self.num_classes, channels),
            initializer=self.beta_initializer,
            name="beta",
        )

    def call(self, inputs, training=None):
        x, labels = inputs
        x = self.batch_norm(x, training=training)
        labels = ops.reshape(ops.cast(labels, "int32"), (-1,))
        # (batch, channels), reshaped to broadcast over the spatial axes.
        shape = (-1,) + (1,) * (len(x.shape) - 2) + (x.shape[-1],)
        gamma = ops.reshape(ops.take(self.gamma, labels, axis=0), shape)
        beta = ops.reshape(ops.take(self.beta, labels, axis=0), shape)
        return x * ops.cast(gamma, x.dtype) + ops.cast(beta, x.dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[0])

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "num_classes": self.num_classes,
                "momentum": self.momentum,
                "epsilon": self.epsilon,
                "gamma_initializer": keras.initializers.serialize(
                    self.gamma_initializer
                ),
                "beta_initializer": keras.initializers.serialize(
                    self.beta_initializer
                ),
            }
        )
        return config
