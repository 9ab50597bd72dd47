"""Real images for GANs: loaders, and the checks `GAN.fit` runs on its data.

Every loader returns float32 images, channels last, in [-1, 1] (the range
of the generator's tanh).
"""

from keras_gans.data.datasets import DATASET_NAMES, load_dataset
from keras_gans.data.digits import load_digits
from keras_gans.data.fit_data import prepare_fit_data
from keras_gans.data.image_folder import load_image_folder
from keras_gans.data.keras_datasets import keras_cache_dir, load_keras_dataset
