"""Keras callbacks for watching, evaluating and safeguarding GAN training."""

from keras_gans.callbacks.collapse_detector import CollapseDetector
from keras_gans.callbacks.cycle_grid import CycleGrid
from keras_gans.callbacks.epoch_checkpoint import (
    EpochCheckpoint,
    latest_checkpoint,
)
from keras_gans.callbacks.loss_log import LossLog
from keras_gans.callbacks.metric_evaluation import MetricEvaluation
from keras_gans.callbacks.sample_grid import SampleGrid
from keras_gans.callbacks.stop_on_nan import StopOnNaN, TrainingDiverged
from keras_gans.callbacks.tensorboard_images import TensorBoardImages
from keras_gans.callbacks.translation_grid import TranslationGrid
