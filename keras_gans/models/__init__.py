"""GAN models."""

from keras_gans.models.conditional_gan import ConditionalGAN
from keras_gans.models.dcgan import DCGAN
from keras_gans.models.gan import GAN
from keras_gans.models.wgan import WGAN
