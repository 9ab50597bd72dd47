"""Adversarial losses: each maps discriminator logits to the two players'
losses.

Every loss takes the discriminator's raw outputs (logits, no activation) on
a batch of real data and a batch of generated data, and returns scalar
float32 losses. Pick one by name in `GAN.compile(loss=...)` or pass an
instance.
"""

import keras
from keras import ops


def _mean(x):
    return ops.mean(ops.cast(x, "float32"))


@keras.saving.register_keras_serializable(package="keras_gans")
class AdversarialLoss:
    """Base class: subclasses define both players' losses.

    `discriminator_loss(real_logits, fake_logits)` is minimised by the
    discriminator (critic) and `generator_loss(fake_logits)` by the generator.
    """

    name = None

    def discriminator_loss(self, real_logits, fake_logits):
        raise NotImplementedError

    def generator_loss(self, fake_logits):
        raise NotImplementedError

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"{type(self).__name__}()"


@keras.saving.register_keras_serializable(package="keras_gans")
class MinimaxLoss(AdversarialLoss):
    """The original zero-sum GAN loss (Goodfellow et al., 2014).

    D maximises log D(x) + log(1 - D(G(z))); G minimises log(1 - D(G(z))),
    which saturates when D rejects the samples confidently. Kept for
    reference; `NonSaturatingLoss` is the usual choice.
    """

    name = "minimax"

    def __init__(self, label_smoothing=0.0):
        if (
            isinstance(label_smoothing, bool)
            or not isinstance(label_smoothing, (int, float))
            or not 0.0 <= label_smoothing < 0.5
        ):
            raise ValueError(
                "Expected `label_smoothing` to be a number in [0, 0.5). "
                f"Received: label_smoothing={label_smoothing!r}"
            )
        self.label_smoothing = float(label_smoothing)

    def discriminator_loss(self, real_logits, fake_logits):
        # -log sigmoid(r) = softplus(-r); -log(1 - sigmoid(f)) = softplus(f)
        real = _mean(ops.softplus(-real_logits))
        if self.label_smoothing:
            # One-sided smoothing (Salimans et al., 2016): real images get
            # the target 1 - s, generated ones keep 0.
            s = self.label_smoothing
            real = (1.0 - s) * real + s * _mean(ops.softplus(real_logits))
        return real + _mean(ops.softplus(fake_logits))

    def generator_loss(self, fake_logits):
        # log(1 - sigmoid(f)) = -softplus(f)
        return -_mean(ops.softplus(fake_logits))

    def get_config(self):
        return {"label_smoothing": self.label_smoothing}

    def __repr__(self):
        if self.label_smoothing:
            return (
                f"{type(self).__name__}(label_smoothing={self.label_smoothing})"
            )
        return f"{type(self).__name__}()"


@keras.saving.register_keras_serializable(package="keras_gans")
class NonSaturatingLoss(MinimaxLoss):
    """The non-saturating GAN loss (Goodfellow et al., 2014, section 3).

    Same discriminator loss as minimax; G maximises log D(G(z)) instead,
    which gives strong gradients early in training. The DCGAN default.

    Args:
        label_smoothing: one-sided label smoothing (Salimans et al., 2016,
            "Improved Techniques for Training GANs"): the discriminator's
            target for real images is `1 - label_smoothing` (0.1 is the
            usual choice), generated images keep the target 0. Default 0,
            the plain loss.
    """

    name = "non_saturating"

    def generator_loss(self, fake_logits):
        return _mean(ops.softplus(-fake_logits))


@keras.saving.register_keras_serializable(package="keras_gans")
class LeastSquaresLoss(AdversarialLoss):
    """Least-squares GAN loss (Mao et al., 2017) with targets 1 and 0.

    D minimises ((D(x) - 1)^2 + D(G(z))^2) / 2, G minimises
    (D(G(z)) - 1)^2 / 2, applied to the raw outputs.
    """

    name = "least_squares"

    def discriminator_loss(self, real_logits, fake_logits):
        return 0.5 * (
            _mean(ops.square(real_logits - 1.0))
            + _mean(ops.square(fake_logits))
        )

    def generator_loss(self, fake_logits):
        return 0.5 * _mean(ops.square(fake_logits - 1.0))


@keras.saving.register_keras_serializable(package="keras_gans")
class HingeLoss(AdversarialLoss):
    """Hinge loss (Lim & Ye, 2017; Miyato et al., 2018).

    D minimises relu(1 - D(x)) + relu(1 + D(G(z))); G minimises -D(G(z)).
    """

    name = "hinge"

    def discriminator_loss(self, real_logits, fake_logits):
        return _mean(ops.relu(1.0 - real_logits)) + _mean(
            ops.relu(1.0 + fake_logits)
        )

    def generator_loss(self, fake_logits):
        return -_mean(fake_logits)


@keras.saving.register_keras_serializable(package="keras_gans")
class WassersteinLoss(AdversarialLoss):
    """Wasserstein loss (Arjovsky et al., 2017).

    The critic minimises mean(D(G(z))) - mean(D(x)), the negative of the
    Wasserstein estimate; G minimises -mean(D(G(z))). Needs a Lipschitz
    constraint on the critic (weight clipping or a gradient penalty).
    """

    name = "wasserstein"

    def discriminator_loss(self, real_logits, fake_logits):
        return _mean(fake_logits) - _mean(real_logits)

    def generator_loss(self, fake_logits):
        return -_mean(fake_logits)


_BY_NAME = {
    cls.name: cls
    for cls in (
        MinimaxLoss,
        NonSaturatingLoss,
        LeastSquaresLoss,
        HingeLoss,
        WassersteinLoss,
    )
}
# "bce": binary cross-entropy with the generator's fakes labelled real, which
# is the non-saturating loss (the usual reading of a BCE-trained GAN).
_ALIASES = {
    "lsgan": "least_squares",
    "wgan": "wasserstein",
    "bce": "non_saturating",
}


def get(identifier):
    """Returns an `AdversarialLoss` from a name, an instance or a config."""
    if isinstance(identifier, AdversarialLoss):
        return identifier
    if isinstance(identifier, dict):
        return keras.saving.deserialize_keras_object(identifier)
    if isinstance(identifier, str):
        key = identifier.lower().replace("-", "_")
        key = _ALIASES.get(key, key)
        if key in _BY_NAME:
            return _BY_NAME[key]()
    raise ValueError(
        "Expected `loss` to be an AdversarialLoss or one of "
        f"{sorted(_BY_NAME)}. Received: loss={identifier!r}"
    )


def names():
    """The names `get` accepts."""
    return sorted(_BY_NAME)
