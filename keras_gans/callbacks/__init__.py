"""Keras callbacks for watching and safeguarding GAN training."""

from keras_gans.callbacks.cycle_grid import CycleGrid
from keras_gans.callbacks.epoch_checkpoint import EpochCheckpoint
from keras_gans.callbacks.epoch_checkpoint import latest_checkpoint
from keras_gans.callbacks.sample_grid import SampleGrid
from keras_gans.callbacks.stop_on_nan import StopOnNaN
from keras_gans.callbacks.stop_on_nan import TrainingDiverged
from keras_gans.callbacks.translation_grid import TranslationGrid
