"""GAN models."""

from keras_gans.models.colorization_gan import ColorizationGAN
from keras_gans.models.conditional_gan import ConditionalGAN
from keras_gans.models.cycle_gan import CycleGAN
from keras_gans.models.dcgan import DCGAN
from keras_gans.models.gan import GAN
from keras_gans.models.image_to_image_gan import ImageToImageGAN
from keras_gans.models.pix2pix import Pix2Pix
from keras_gans.models.srgan import SRGAN
from keras_gans.models.wgan import WGAN
