"""Wasserstein GAN, with weight clipping or a gradient penalty."""

import math
import numbers

import keras
from keras import layers
from keras import ops

from keras_gans.losses.penalties import gradient_penalty
from keras_gans.models._checks import check_positive_ints
from keras_gans.models._presets import PresetsMixin
from keras_gans.models.dcgan import _batch_norm
from keras_gans.models.dcgan import _check_image_shape
from keras_gans.models.dcgan import _init
from keras_gans.models.dcgan import dcgan_generator
from keras_gans.models.gan import GAN

CONSTRAINTS = ("weight_clipping", "gradient_penalty")

# Named configurations. The class defaults are the papers'; these are
# smaller networks for tests and quick demos.
PRESETS = {
    "tiny": {
        "image_shape": (16, 16, 1),
        "latent_dim": 16,
        "generator_filters": 8,
        "critic_filters": 8,
    },
    "small": {
        "image_shape": (16, 16, 1),
        "latent_dim": 32,
        "generator_filters": 32,
        "critic_filters": 32,
    },
    "digits": {"image_shape": (28, 28, 1), "latent_dim": 100},
    "cifar": {"image_shape": (32, 32, 3), "latent_dim": 100},
}


def wgan_critic(image_shape, filters, batch_norm):
    """A DCGAN-style critic: one unbounded score per image.

    Strided convolutions (5x5 at 28x28, 4x4 at powers of two) with
    LeakyReLU(0.2), doubling the width at every stride, down to 7x7 or 4x4,
    then a linear score with no activation. `batch_norm` adds BatchNorm
    after every convolution but the first, as in the DCGAN critic of the
    weight-clipping paper; the gradient penalty is defined per sample, so
    its critic has none (and biases instead). The score layer runs in
    float32.
    """
    size = image_shape[0]
    images = keras.Input(image_shape, name="images")
    if size == 28:
        widths, kernel = (filters, 2 * filters), 5
    else:
        num_down = int(math.log2(size // 4))
        widths, kernel = [filters * 2**i for i in range(num_down)], 4
    x = images
    for i, width in enumerate(widths):
        normalized = batch_norm and i > 0
        x = layers.Conv2D(
            width,
            kernel,
            strides=2,
            padding="same",
            use_bias=not normalized,
            kernel_initializer=_init(),
            name=f"conv{i + 1}",
        )(x)
        if normalized:
            x = _batch_norm(f"conv{i + 1}_bn")(x)
        x = layers.LeakyReLU(0.2)(x)
    x = layers.Flatten()(x)
    scores = layers.Dense(
        1, kernel_initializer=_init(), name="score", dtype="float32"
    )(x)
    return keras.Model(images, scores, name="critic")


def _check_number(name, value, positive):
    ok = (
        not isinstance(value, bool)
        and isinstance(value, numbers.Real)
        and (value > 0 if positive else value >= 0)
        and math.isfinite(value)
    )
    if not ok:
        kind = "positive" if positive else "non-negative"
        raise ValueError(
            f"Expected `{name}` to be a {kind} number. "
            f"Received: {name}={value!r}"
        )
    return float(value)


@keras.saving.register_keras_serializable(package="keras_gans")
class WGAN(PresetsMixin, GAN):
    """Wasserstein GAN (the seed deck's slide 4), in both published forms.

    The critic D has no output activation. It minimises
    `mean(D(fake)) - mean(D(real))` and the generator minimises
    `-mean(D(fake))`; the critic is updated `d_steps=5` times per generator
    update. `mean(D(real)) - mean(D(fake))`, the estimate of the
    Wasserstein distance (up to the Lipschitz constant), is logged as
    `wasserstein`. The critic is kept Lipschitz by:

    - `constraint="weight_clipping"` (Arjovsky et al.): after every critic
      update each critic weight is clipped to `[-clip_value, clip_value]`
      (0.01); RMSprop(5e-5) for both networks; the DCGAN critic with
      BatchNorm.
    - `constraint="gradient_penalty"` (Gulrajani et al.): `gp_weight` (10)
      times the two-sided penalty on the critic's input gradient at random
      interpolates of real and generated images is added to the critic
      loss and logged as `gradient_penalty`; Adam(1e-4, beta_1=0,
      beta_2=0.9) for both networks; no BatchNorm in the critic.

    The generator is DCGAN's (see `keras_gans.models.DCGAN`); the critic is
    the DCGAN discriminator with a linear output (`wgan_critic`).

    Args:
        image_shape: `(size, size, channels)`, size 28 or a power of two of
            at least 16.
        latent_dim: size of the latent vector z.
        generator_filters: width of the generator's last hidden layer.
        critic_filters: width of the critic's first layer.
        constraint: `"weight_clipping"` or `"gradient_penalty"`.
        clip_value: bound of the critic weights (weight clipping).
        gp_weight: weight of the gradient penalty (lambda).
        seed: seed of the training noise.

    Example:

    ```python
    model = WGAN.from_preset("tiny", constraint="gradient_penalty")
    model.compile()  # Adam(1e-4, 0, 0.9), 5 critic updates
    model.fit(images, epochs=1, batch_size=32)
    ```

    Reference:
        Arjovsky, Chintala & Bottou, "Wasserstein Generative Adversarial
        Networks", ICML 2017.
        Gulrajani, Ahmed, Arjovsky, Dumoulin & Courville, "Improved
        Training of Wasserstein GANs", NeurIPS 2017.
    """

    def __init__(
        self,
        image_shape=(28, 28, 1),
        latent_dim=100,
        generator_filters=128,
        critic_filters=64,
        constraint="weight_clipping",
        clip_value=0.01,
        gp_weight=10.0,
        seed=None,
        **kwargs,
    ):
        image_shape = _check_image_shape(image_shape)
        check_positive_ints(
            1,
            latent_dim=latent_dim,
            generator_filters=generator_filters,
            critic_filters=critic_filters,
        )
        if constraint not in CONSTRAINTS:
            raise ValueError(
                f"Expected `constraint` to be one of {CONSTRAINTS}. "
                f"Received: constraint={constraint!r}"
            )
        clip_value = _check_number("clip_value", clip_value, positive=True)
        gp_weight = _check_number("gp_weight", gp_weight, positive=False)
        kwargs.pop("generator", None)
        kwargs.pop("discriminator", None)
        super().__init__(
            generator=dcgan_generator(
                image_shape, latent_dim, generator_filters
            ),
            discriminator=wgan_critic(
                image_shape,
                critic_filters,
                batch_norm=constraint == "weight_clipping",
            ),
            latent_dim=latent_dim,
            seed=seed,
            **kwargs,
        )
        self.generator_filters = generator_filters
        self.critic_filters = critic_filters
        self.constraint = constraint
        self.clip_value = clip_value
        self.gp_weight = gp_weight
        self.wasserstein_tracker = keras.metrics.Mean(name="wasserstein")
        self.penalty_tracker = keras.metrics.Mean(name="gradient_penalty")

    _presets = PRESETS

    # ------------------------------------------------------------------
    # Compilation

    def default_optimizers(self):
        """The paper's optimizers for the chosen constraint."""
        if self.constraint == "weight_clipping":
            return (
                keras.optimizers.RMSprop(5e-5),
                keras.optimizers.RMSprop(5e-5),
            )
        return (
            keras.optimizers.Adam(1e-4, beta_1=0.0, beta_2=0.9),
            keras.optimizers.Adam(1e-4, beta_1=0.0, beta_2=0.9),
        )

    def compile(
        self,
        g_optimizer=None,
        d_optimizer=None,
        loss="wasserstein",
        d_steps=5,
        **kwargs,
    ):
        """Configures training; the defaults are the papers'.

        As `GAN.compile`, with the Wasserstein loss and 5 critic updates
        per generator update by default. With `d_steps=5`, `fit` draws
        `5 * batch_size` real images per step (see `GAN`).
        """
        super().compile(
            g_optimizer=g_optimizer,
            d_optimizer=d_optimizer,
            loss=loss,
            d_steps=d_steps,
            **kwargs,
        )

    @property
    def metrics(self):
        metrics = super().metrics + [self.wasserstein_tracker]
        if self.constraint == "gradient_penalty":
            metrics.append(self.penalty_tracker)
        return metrics

    # ------------------------------------------------------------------
    # Training

    def discriminator_loss(self, real_images, fake_images):
        """Critic loss, plus the gradient penalty in that form."""
        real_images = self.augment_images(real_images)
        fake_images = self.augment_images(fake_images)
        real_scores = self.discriminator(real_images, training=True)
        fake_scores = self.discriminator(fake_images, training=True)
        loss = self.loss_fn.discriminator_loss(real_scores, fake_scores)
        estimate = ops.mean(ops.cast(real_scores, "float32")) - ops.mean(
            ops.cast(fake_scores, "float32")
        )
        logs = {"wasserstein": ops.stop_gradient(estimate)}
        if self.constraint == "gradient_penalty":
            # On the images the critic saw (augmented, if compiled so).
            penalty = gradient_penalty(
                self.discriminator,
                real_images,
                fake_images,
                self.seed_generator,
            )
            loss = loss + self.gp_weight * penalty
            logs["gradient_penalty"] = ops.stop_gradient(penalty)
        return loss, logs

    def discriminator_update(self, real_images):
        loss, step_logs = super().discriminator_update(real_images)
        self.wasserstein_tracker.update_state(step_logs["wasserstein"])
        logs = {"wasserstein": self.wasserstein_tracker.result()}
        if self.constraint == "gradient_penalty":
            self.penalty_tracker.update_state(step_logs["gradient_penalty"])
            logs["gradient_penalty"] = self.penalty_tracker.result()
        return loss, logs

    def after_discriminator_update(self):
        """Clips every critic weight after each update (weight clipping)."""
        if self.constraint != "weight_clipping":
            return
        for v in self.discriminator.trainable_variables:
            v.assign(ops.clip(v, -self.clip_value, self.clip_value))

    # ------------------------------------------------------------------
    # Serialization

    def get_config(self):
        config = keras.Model.get_config(self)
        config.update(
            {
                "image_shape": self.image_shape,
                "latent_dim": self.latent_dim,
                "generator_filters": self.generator_filters,
                "critic_filters": self.critic_filters,
                "constraint": self.constraint,
                "clip_value": self.clip_value,
                "gp_weight": self.gp_weight,
                "seed": self.seed,
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)
