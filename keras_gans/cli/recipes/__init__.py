"""Training recipes for `keras-gans train MODEL`, one module per model."""

# One import per recipe; importing registers it.
from keras_gans.cli.recipes import (
    cgan,  # noqa: F401
    colorization,  # noqa: F401
    cyclegan,  # noqa: F401
    dcgan,  # noqa: F401
    pix2pix,  # noqa: F401
    srgan,  # noqa: F401
    wgan,  # noqa: F401
)
from keras_gans.cli.recipes.base import Recipe, recipes, register_recipe
