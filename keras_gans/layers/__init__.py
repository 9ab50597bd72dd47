"""Building blocks shared by the image-to-image models."""

from keras_gans.layers.image_history_pool import ImageHistoryPool
from keras_gans.layers.instance_normalization import InstanceNormalization
from keras_gans.layers.normalization import normalization_layer
from keras_gans.layers.patch_discriminator import patch_discriminator
from keras_gans.layers.patch_discriminator import patch_grid_size
from keras_gans.layers.patch_discriminator import patch_receptive_field
from keras_gans.layers.reflection_padding_2d import ReflectionPadding2D
from keras_gans.layers.resnet_block import ResNetBlock
from keras_gans.layers.unet_block import UNetDownBlock
from keras_gans.layers.unet_block import UNetUpBlock
