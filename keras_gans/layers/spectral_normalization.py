"""Spectral normalization as a wrapper layer (Miyato et al., 2018)."""

import numpy as np
import keras
from keras import ops

_TRANSPOSED = (
    keras.layers.Conv1DTranspose,
    keras.layers.Conv2DTranspose,
    keras.layers.Conv3DTranspose,
)


def _normalize(x, epsilon):
    return x / ops.sqrt(ops.sum(ops.square(x)) + epsilon)


@keras.saving.register_keras_serializable(package="keras_gans")
class SpectralNormalization(keras.layers.Wrapper):
    """Divides a layer's kernel by its largest singular value when called.

    The kernel is viewed as a matrix of shape `(fan_in, out)`:
    `(kernel_h * kernel_w * in_channels, out_channels)` for a convolution,
    `(in, units)` for `Dense`, `(input_dim, output_dim)` for `Embedding`
    (transposed convolutions have their output axis moved last first). Its
    spectral norm sigma is estimated by power iteration with a persistent
    vector `u` (a non-trainable variable of size `out`, saved with the
    model), and the wrapped layer runs with `kernel / sigma`. The wrapped
    layer's own variable keeps the unnormalized kernel: nothing is written
    back to it, so the result only depends on the variables' values and is
    the same on every backend, inside JAX's stateless training step too.

    Called with `training=True`, the layer runs `power_iterations` steps
    `v = W u / |W u|`, `u = W^T v / |W^T v|` (W of shape `(fan_in, out)`)
    and stores the new `u`; otherwise `u` is left as it is. sigma is
    `|W u|` with `u` held constant (no gradient flows through it); after an
    update this is never below the paper's estimate `v^T W u`, and an
    inference call right after a training call uses the same sigma.

    In a `keras_gans` GAN the discriminator runs in training mode in both
    phases, and `u` moves once per training-mode call in the discriminator
    phase (once for the real batch and once for the generated one, as in the
    paper's code); the base model restores the discriminator's float state
    after the generator phase, so the generator phase leaves `u` unchanged.

    Args:
        layer: a built or unbuilt `Dense`, `Embedding` or convolution layer
            (any layer with a `kernel` or `embeddings` variable).
        power_iterations: power iteration steps per training-mode call.
        epsilon: added under the square roots of the norms.
        seed: int seed of the initial `u`, drawn with numpy from a standard
            normal so that it is the same on every backend; random if None.
        **kwargs: base layer arguments (`name`, `dtype`, ...). The dtype
            policy defaults to the wrapped layer's.

    Example:

    ```python
    conv = SpectralNormalization(keras.layers.Conv2D(64, 4, strides=2))
    logits = SpectralNormalization(keras.layers.Dense(1))
    ```

    Reference:
        Miyato, Kataoka, Koyama & Yoshida, "Spectral Normalization for
        Generative Adversarial Networks", ICLR 2018.
    """

    def __init__(
        self, layer, power_iterations=1, epsilon=1e-12, seed=None, **kwargs
    ):
        if not isinstance(layer, keras.layers.Layer):
            raise ValueError(
                "Expected `layer` to be a keras.layers.Layer with a kernel. "
                f"Received: layer={layer!r}"
            )
        if (
            isinstance(power_iterations, bool)
            or not isinstance(power_iterations, int)
            or power_iterations < 1
        ):
            raise ValueError(
                "Expected `power_iterations` to be a positive int. "
                f"Received: power_iterations={power_iterations!r}"
            )
        if not epsilon > 0:
            raise ValueError(
                f"Expected `epsilon` > 0. Received: epsilon={epsilon!r}"
            )
        if seed is not None and (
            isinstance(seed, bool) or not isinstance(seed, (int, np.integer))
        ):
            raise ValueError(
                f"Expected `seed` to be an int or None. Received: seed={seed!r}"
            )
        if getattr(layer, "lora_enabled", False):
            raise ValueError(
                "SpectralNormalization does not support layers with LoRA "
                f"enabled. Received: layer={layer.name!r}"
            )
        kwargs.setdefault("dtype", layer.dtype_policy)
        # Variables are read at full precision and cast by hand (see call).
        kwargs["autocast"] = False
        super().__init__(layer, **kwargs)
        self.power_iterations = power_iterations
        self.epsilon = float(epsilon)
        self.seed = None if seed is None else int(seed)
        self._weight_name = None

    def build(self, input_shape=None):
        super().build(input_shape)
        for name in ("kernel", "embeddings"):
            weight = getattr(self.layer, name, None)
            if isinstance(weight, keras.Variable):
                self._weight_name = name
                break
        else:
            raise ValueError(
                "Expected a layer with a `kernel` or `embeddings` variable "
                f"(Dense, Conv*, Embedding). Received: layer={self.layer!r}"
            )
        out = int(weight.shape[self._out_axis(weight)])
        rng = np.random.default_rng(self.seed)
        initial = rng.standard_normal(out).astype("float32")
        initial /= np.linalg.norm(initial) + 1e-12
        self.u = self.add_weight(
            shape=(out,),
            initializer=lambda shape, dtype=None: ops.convert_to_tensor(
                initial, dtype=dtype
            ),
            trainable=False,
            dtype="float32",
            # Never cast: under a mixed policy a torch variable read through
            # an autocast scope is a copy, and assigning to it is lost.
            autocast=False,
            name="u",
        )

    def _out_axis(self, weight):
        if isinstance(self.layer, _TRANSPOSED):
            return len(weight.shape) - 2
        return len(weight.shape) - 1

    def _weight(self):
        return getattr(self.layer, self._weight_name)

    def _matrix(self, weight):
        w = ops.cast(weight, "float32")
        axis = self._out_axis(weight)
        if axis != len(weight.shape) - 1:
            w = ops.moveaxis(w, axis, -1)
        return ops.reshape(w, (-1, int(weight.shape[axis])))

    def _sigma(self, matrix, u):
        return ops.sqrt(
            ops.sum(ops.square(ops.matmul(matrix, u))) + self.epsilon
        )

    def normalized_kernel(self):
        """The kernel divided by sigma estimated from the current `u`."""
        weight = self._weight()
        sigma = self._sigma(self._matrix(weight), ops.convert_to_tensor(self.u))
        return ops.cast(weight, "float32") / sigma

    def call(self, inputs, training=None):
        weight = self._weight()
        matrix = self._matrix(weight)
        u = ops.convert_to_tensor(self.u)
        if training:
            for _ in range(self.power_iterations):
                v = _normalize(ops.matmul(matrix, u), self.epsilon)
                u = _normalize(
                    ops.matmul(ops.transpose(matrix), v), self.epsilon
                )
            u = ops.stop_gradient(u)
            self.u.assign(u)
        normalized = ops.cast(weight, "float32") / self._sigma(matrix, u)

        # Run the wrapped layer with the normalized kernel in place of its
        # own, at its compute dtype; no variable is modified.
        dtype = self.layer.compute_dtype

        def value(v):
            x = normalized if v is weight else ops.convert_to_tensor(v)
            if "float" in str(v.dtype):
                x = ops.cast(x, dtype)
            return x

        if "float" in str(getattr(inputs, "dtype", "")):
            inputs = ops.cast(inputs, dtype)
        outputs, _ = self.layer.stateless_call(
            [value(v) for v in self.layer.trainable_variables],
            [value(v) for v in self.layer.non_trainable_variables],
            inputs,
        )
        return outputs

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "power_iterations": self.power_iterations,
                "epsilon": self.epsilon,
                "seed": self.seed,
            }
        )
        return config
