"""Adversarial losses and discriminator penalties."""

from keras_gans.losses.adversarial import AdversarialLoss
from keras_gans.losses.adversarial import HingeLoss
from keras_gans.losses.adversarial import LeastSquaresLoss
from keras_gans.losses.adversarial import MinimaxLoss
from keras_gans.losses.adversarial import NonSaturatingLoss
from keras_gans.losses.adversarial import WassersteinLoss
from keras_gans.losses.adversarial import get
from keras_gans.losses.adversarial import names
from keras_gans.losses.penalties import drift_penalty
from keras_gans.losses.penalties import gradient_penalty
from keras_gans.losses.penalties import interpolate
from keras_gans.losses.penalties import r1_penalty
from keras_gans.losses.penalties import r2_penalty
