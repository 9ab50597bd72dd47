"""The run's `losses.csv`: Keras' CSVLogger without phantom val_ columns."""

import keras


class LossLog(keras.callbacks.CSVLogger):
    """`keras.callbacks.CSVLogger` that adds `val_*` columns only when `fit`
    validates.

    Keras' logger adds a `val_` twin of every column when the first epoch
    logs none, so that a run validating every few epochs keeps a fixed
    header (keras-team/keras#21173): a GAN trained without validation data
    then gets columns of "NA". Here the columns are those of the first
    epoch's logs, plus the `val_` twins when `validates` is true.

    Args:
        filename: the CSV file.
        validates: whether `fit` has validation data.
        append: append to an existing file (a resumed run).
    """

    def __init__(self, filename, validates=False, append=False):
        super().__init__(filename, append=append)
        self.validates = validates

    def on_epoch_end(self, epoch, logs=None):
        if self.keys is None and logs and not self.validates:
            self.keys = sorted(logs)
        super().on_epoch_end(epoch, logs)
