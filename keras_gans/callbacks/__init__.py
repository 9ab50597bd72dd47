"""Keras callbacks for GAN training."""

from keras_gans.callbacks.collapse_detector import CollapseDetector
from keras_gans.callbacks.metric_evaluation import MetricEvaluation
from keras_gans.callbacks.tensorboard_images import TensorBoardImages
