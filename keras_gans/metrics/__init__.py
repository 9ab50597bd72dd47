"""Measures of generated samples."""

from keras_gans.metrics import digits
from keras_gans.metrics.image_quality import psnr
from keras_gans.metrics.image_quality import rgb_to_luma
from keras_gans.metrics.image_quality import ssim
