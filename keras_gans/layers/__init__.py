"""Layers shared by the models."""

from keras_gans.layers.conditional_batch_normalization import (
    ConditionalBatchNormalization,
)
from keras_gans.layers.image_history_pool import ImageHistoryPool
from keras_gans.layers.instance_normalization import InstanceNormalization
from keras_gans.layers.normalization import normalization_layer
from keras_gans.layers.patch_discriminator import (
    patch_discriminator,
    patch_grid_size,
    patch_receptive_field,
)
from keras_gans.layers.pixel_shuffle import PixelShuffle
from keras_gans.layers.reflection_padding_2d import ReflectionPadding2D
from keras_gans.layers.resnet_block import ResNetBlock
from keras_gans.layers.spectral_normalization import SpectralNormalization
from keras_gans.layers.unet_block import UNetDownBlock, UNetUpBlock
