"""Small helpers shared across the package."""

from keras_gans.utils.images import make_grid
from keras_gans.utils.images import save_image
