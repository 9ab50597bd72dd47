"""Adversarial losses and discriminator penalties."""

from keras_gans.losses.adversarial import (
    AdversarialLoss,
    HingeLoss,
    LeastSquaresLoss,
    MinimaxLoss,
    NonSaturatingLoss,
    WassersteinLoss,
    get,
    names,
)
from keras_gans.losses.content import (
    MissingWeightsError,
    PixelLoss,
    VGGContentLoss,
)
from keras_gans.losses.penalties import (
    drift_penalty,
    gradient_penalty,
    interpolate,
    r1_penalty,
    r2_penalty,
)
