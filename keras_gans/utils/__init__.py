"""Small helpers shared across the package."""

from keras_gans.utils.images import make_grid, save_image
