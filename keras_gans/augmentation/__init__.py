"""Augmentations applied inside the training step."""

from keras_gans.augmentation.diff_augment import DiffAugment
from keras_gans.augmentation.diff_augment import diff_augment
from keras_gans.augmentation.diff_augment import get
