"""Layers that Keras does not ship as such."""

from keras_gans.layers.pixel_shuffle import PixelShuffle
