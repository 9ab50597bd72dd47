"""Penalties on the discriminator: gradient penalty, R1, R2 and drift.

Each returns a scalar float32 tensor, `weight` times a mean over samples of
a per-sample quantity, so that the same samples give the same penalty
whatever the batch size. Input gradients come from
`keras_gans.backend.input_gradient` and stay differentiable with respect to
the critic's weights (the penalty trains the critic). Images are cast to
float32 before the critic is differentiated, so the gradients and norms are
float32 even when the critic computes in a lower precision.

`critic` is either a Keras layer or model, called as
`critic(images, training=training)`, or any callable `images -> logits`
(a conditional discriminator with its labels bound, for instance). For a
Keras critic, state changed by the extra forward pass (BatchNorm
statistics, spectral normalization vectors) is put back afterwards, so a
penalty never counts as a forward pass, on every backend.
"""

import numbers

import keras
from keras import ops

from keras_gans import backend


def _check_weight(weight):
    if (
        isinstance(weight, bool)
        or not isinstance(weight, numbers.Real)
        or not weight >= 0
    ):
        raise ValueError(
            "Expected the penalty `weight` to be a non-negative number. "
            f"Received: weight={weight!r}"
        )
    return float(weight)


def _float_state(critic):
    if not isinstance(critic, keras.layers.Layer):
        return []
    return [
        v for v in critic.non_trainable_variables if "float" in str(v.dtype)
    ]


def _input_gradient(critic, images, training):
    """d sum(critic(images)) / d images, per sample, in float32."""
    images = ops.cast(images, "float32")
    if isinstance(critic, keras.layers.Layer):

        def call(x):
            return critic(x, training=training)

    else:
        call = critic
    state = _float_state(critic)
    saved = [ops.copy(v.value) for v in state]
    grad = backend.input_gradient(
        lambda x: ops.cast(call(x), "float32"), images
    )
    for v, value in zip(state, saved):
        v.assign(value)
    return ops.cast(grad, "float32")


def _squared_norms(grad):
    """Per-sample squared L2 norms of a gradient batch."""
    axes = tuple(range(1, len(grad.shape)))
    return ops.sum(ops.square(grad), axis=axes)


def interpolate(real_images, fake_images, seed_generator):
    """Random points on the lines between real and generated images.

    `x = real + a * (fake - real)` with one `a` per sample, drawn uniformly
    in [0, 1] from `seed_generator` (a `keras.random.SeedGenerator` or an
    int seed). Computed in float32.
    """
    real_images = ops.cast(real_images, "float32")
    fake_images = ops.cast(fake_images, "float32")
    batch = ops.shape(real_images)[0]
    shape = (batch,) + (1,) * (len(real_images.shape) - 1)
    alpha = keras.random.uniform(shape, seed=seed_generator)
    return real_images + alpha * (fake_images - real_images)


def gradient_penalty(
    critic,
    real_images,
    fake_images,
    seed_generator,
    weight=1.0,
    target=1.0,
    training=True,
    epsilon=1e-12,
):
    """Two-sided gradient penalty of WGAN-GP.

    `weight * mean_i (|grad_x D(x_i)| - target)^2` at random interpolates
    `x_i` between real and generated images (see `interpolate`). The norm
    is `sqrt(|g|^2 + epsilon)`, finite with a finite gradient when `g` is
    zero. The paper's lambda is `weight` (10).

    Args:
        critic: the discriminator (see the module docstring).
        real_images: a batch of real images.
        fake_images: a batch of generated images of the same shape.
        seed_generator: `keras.random.SeedGenerator` (or int seed) of the
            interpolation weights; inside a training step use the model's.
        weight: non-negative multiplier (lambda).
        target: the gradient norm the critic is pushed towards.
        training: passed to a Keras critic.
        epsilon: added under the square root.

    Reference:
        Gulrajani et al., "Improved Training of Wasserstein GANs",
        NeurIPS 2017.
    """
    weight = _check_weight(weight)
    points = interpolate(real_images, fake_images, seed_generator)
    grad = _input_gradient(critic, points, training)
    norms = ops.sqrt(_squared_norms(grad) + epsilon)
    return weight * ops.mean(ops.square(norms - target))


def r1_penalty(critic, real_images, weight=1.0, training=True):
    """Zero-centred gradient penalty on real data (R1).

    `weight * mean_i |grad_x D(x_i)|^2` over the real images. Mescheder et
    al. write it as `gamma / 2 * E|grad|^2`: pass `weight=gamma / 2`.

    Reference:
        Mescheder, Geiger & Nowozin, "Which Training Methods for GANs do
        actually Converge?", ICML 2018.
    """
    weight = _check_weight(weight)
    grad = _input_gradient(critic, real_images, training)
    return weight * ops.mean(_squared_norms(grad))


def r2_penalty(critic, fake_images, weight=1.0, training=True):
    """Zero-centred gradient penalty on generated data (R2).

    `weight * mean_i |grad_x D(x_i)|^2` over the generated images; as
    `r1_penalty`, with `weight=gamma / 2` for the paper's gamma.

    Reference:
        Mescheder, Geiger & Nowozin, "Which Training Methods for GANs do
        actually Converge?", ICML 2018.
    """
    weight = _check_weight(weight)
    grad = _input_gradient(critic, fake_images, training)
    return weight * ops.mean(_squared_norms(grad))


def drift_penalty(real_logits, weight=0.001):
    """Keeps the critic's outputs near zero: `weight * mean(D(x)^2)`.

    Progressive GANs add it to the WGAN-GP critic loss with
    `weight=0.001` (epsilon_drift).

    Reference:
        Karras et al., "Progressive Growing of GANs for Improved Quality,
        Stability, and Variation", ICLR 2018.
    """
    weight = _check_weight(weight)
    logits = ops.cast(real_logits, "float32")
    return weight * ops.mean(ops.square(logits))
