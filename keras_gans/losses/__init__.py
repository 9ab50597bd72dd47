"""Adversarial losses."""

from keras_gans.losses.adversarial import AdversarialLoss
from keras_gans.losses.adversarial import HingeLoss
from keras_gans.losses.adversarial import LeastSquaresLoss
from keras_gans.losses.adversarial import MinimaxLoss
from keras_gans.losses.adversarial import NonSaturatingLoss
from keras_gans.losses.adversarial import WassersteinLoss
from keras_gans.losses.adversarial import get
from keras_gans.losses.adversarial import names
from keras_gans.losses.content import MissingWeightsError
from keras_gans.losses.content import PixelLoss
from keras_gans.losses.content import VGGContentLoss
