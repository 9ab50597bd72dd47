"""Augmentations applied inside the training step."""

from keras_gans.augmentation.diff_augment import DiffAugment, diff_augment, get
