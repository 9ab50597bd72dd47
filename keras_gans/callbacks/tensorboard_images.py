"""Sample grids written to TensorBoard as images."""

import keras
import numpy as np


def _summary_module():
    try:
        import tensorflow as tf
    except ImportError as error:
        raise ImportError(
            "TensorBoardImages writes TensorBoard event files with "
            "TensorFlow's summary writer, which is not installed. Install "
            "it (`pip install tensorflow-cpu`; training may still run on "
            "JAX or torch) or use keras_gans.callbacks.SampleGrid to save "
            "grids as PNG files."
        ) from error
    return tf


def _write_image(tf, tag, image, step):
    """Writes one uint8 HWC image as a TensorBoard image summary.

    `tf.summary.image` lives in the tensorboard package, which TensorFlow
    does not install; the summary is written here in the format its image
    plugin reads (a string tensor `[width, height, png]` tagged with the
    "images" plugin), with TensorFlow's core writer only.
    """
    from tensorflow.core.framework import summary_pb2

    metadata = summary_pb2.SummaryMetadata()
    metadata.plugin_data.plugin_name = "images"
    height, width = image.shape[:2]
    tensor = tf.stack(
        [
            tf.constant(str(width)),
            tf.constant(str(height)),
            tf.io.encode_png(image),
        ]
    )
    tf.summary.write(tag, tensor, step=step, metadata=metadata)


class TensorBoardImages(keras.callbacks.Callback):
    """Logs a grid of generated images to TensorBoard every `every` epochs.

    Uses fixed latents, so successive grids show the same samples as
    training goes on (from the EMA generator when the model keeps one).
    Scalars (losses, metrics) are `keras.callbacks.TensorBoard`'s job;
    point both at the same `log_dir`. TensorFlow is needed for its summary
    writer only (imported when the callback is created), whatever the
    Keras backend.

    Args:
        log_dir: TensorBoard log folder; images go to `log_dir/images`.
        num_images: images in the grid.
        every: log every this many epochs.
        seed: seed of the latents.
        tag: name of the image in TensorBoard.
    """

    def __init__(self, log_dir, num_images=16, every=1, seed=0, tag="samples"):
        super().__init__()
        self._tf = _summary_module()
        self.log_dir = log_dir
        self.num_images = num_images
        self.every = every
        self.seed = seed
        self.tag = tag
        self._writer = None

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every != 0:
            return
        from keras_gans.utils.images import make_grid

        images = self.model.generate(self.num_images, seed=self.seed)
        grid = make_grid(images)
        if grid.dtype != np.uint8:
            grid = np.clip(np.rint((grid + 1.0) * 127.5), 0, 255)
            grid = grid.astype(np.uint8)
        if grid.ndim == 2:
            grid = grid[..., None]
        if self._writer is None:
            self._writer = self._tf.summary.create_file_writer(
                f"{self.log_dir}/images"
            )
        with self._writer.as_default():
            _write_image(self._tf, self.tag, grid, epoch + 1)
        self._writer.flush()

    def on_train_end(self, logs=None):
        if self._writer is not None:
            self._writer.close()
            self._writer = None
