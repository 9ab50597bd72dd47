"""Training recipes for `keras-gans train MODEL`, one module per model."""

from keras_gans.cli.recipes.base import Recipe
from keras_gans.cli.recipes.base import recipes
from keras_gans.cli.recipes.base import register_recipe

# One import per recipe; importing registers it.
from keras_gans.cli.recipes import dcgan  # noqa: F401
from keras_gans.cli.recipes import pix2pix  # noqa: F401
from keras_gans.cli.recipes import colorization  # noqa: F401
from keras_gans.cli.recipes import cyclegan  # noqa: F401
