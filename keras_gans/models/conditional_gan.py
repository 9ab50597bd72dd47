"""Class-conditional GANs on the DCGAN networks."""

import numpy as np
import keras
from keras import layers
from keras import ops

from keras_gans import backend
from keras_gans.layers import ConditionalBatchNormalization
from keras_gans.layers import SpectralNormalization
from keras_gans.models._checks import check_positive_ints
from keras_gans.models._presets import PresetsMixin
from keras_gans.models.dcgan import _check_image_shape
from keras_gans.models.dcgan import _init
from keras_gans.models.dcgan import discriminator_features
from keras_gans.models.dcgan import generator_body
from keras_gans.models.gan import GAN
from keras_gans.models.gan import gradient_update
from keras_gans.models.gan import run_frozen

CONDITIONINGS = ("concat", "projection")

# Named configurations. The class defaults are the paper's; these are smaller
# networks for tests and quick demos.
PRESETS = {
    "tiny": {
        "image_shape": (16, 16, 1),
        "num_classes": 10,
        "latent_dim": 16,
        "generator_filters": 8,
        "discriminator_filters": 8,
    },
    "digits": {
        "image_shape": (16, 16, 1),
        "num_classes": 10,
        "latent_dim": 64,
        "generator_filters": 64,
        "discriminator_filters": 64,
    },
    "cifar": {"image_shape": (32, 32, 3), "num_classes": 10},
}


def check_labels(labels, num_classes, name="labels", allow_column=False):
    """Validates class labels and returns them as a 1-D int32 numpy array.

    Args:
        labels: array-like of integer class indices, shape `(num,)` (or
            `(num, 1)` with `allow_column=True`).
        num_classes: labels must lie in `[0, num_classes)`.
        name: the argument name used in error messages.
        allow_column: accept a `(num, 1)` column (as Keras' data sets
            return) and flatten it.

    Raises:
        ValueError: for non-integer labels, a wrong shape or a label out of
            range.
    """
    array = np.asarray(labels)
    if array.dtype.kind not in "iu":
        raise ValueError(
            f"Expected `{name}` to hold integer class indices in "
            f"[0, {num_classes}). Received: {name} with dtype {array.dtype}"
        )
    if allow_column and array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1:
        raise ValueError(
            f"Expected `{name}` to be a 1-D array of class indices, shape "
            f"(num_images,). Received: {name}.shape={array.shape}"
        )
    if array.size and (array.min() < 0 or array.max() >= num_classes):
        bad = array[(array < 0) | (array >= num_classes)]
        raise ValueError(
            f"Expected every label in [0, {num_classes - 1}] "
            f"(num_classes={num_classes}). Received: {name} containing "
            f"{int(bad[0])}"
        )
    return array.astype("int32")


def _one_hot(labels, num_classes):
    return layers.CategoryEncoding(
        num_classes, output_mode="one_hot", name="one_hot"
    )(labels)


def _spectral_norm(layer):
    # A fixed seed for the power iteration's starting vector keeps models
    # built with the same Keras seed identical.
    return SpectralNormalization(layer, seed=0)


def conditional_generator(
    image_shape, latent_dim, num_classes, filters, conditioning
):
    """The DCGAN generator given a class label as a second input.

    With `conditioning="concat"` the one-hot label is concatenated to the
    latent vector (Mirza & Osindero). With `"projection"` the latent vector
    goes in alone and every BatchNorm becomes a class-conditional one
    (Miyato & Koyama).

    Inputs are `[latents (batch, latent_dim), labels (batch,) int32]`.
    """
    latents = keras.Input((latent_dim,), name="latents")
    labels = keras.Input((), dtype="int32", name="labels")
    if conditioning == "concat":
        x = layers.Concatenate(name="latents_and_label")(
            [latents, _one_hot(labels, num_classes)]
        )
        images = generator_body(x, image_shape, filters)
    else:

        def normalize(x, name):
            return ConditionalBatchNormalization(
                num_classes,
                momentum=0.9,
                epsilon=1e-5,
                gamma_initializer=keras.initializers.RandomNormal(1.0, 0.02),
                name=name,
            )([x, labels])

        images = generator_body(latents, image_shape, filters, normalize)
    return keras.Model([latents, labels], images, name="generator")


def conditional_discriminator(image_shape, num_classes, filters, conditioning):
    """The DCGAN discriminator given a class label as a second input.

    With `conditioning="concat"` the one-hot label is broadcast to
    `(height, width, num_classes)` constant channels and concatenated to
    the image. With `"projection"` the network has spectral normalization
    on every layer and no BatchNorm; its logit is the unconditional one
    plus the inner product of a learned class embedding with the flattened
    features of the last convolution: `psi(phi(x)) + embed(y) . phi(x)`.

    Inputs are `[images, labels (batch,) int32]`; output `(batch, 1)`.
    """
    images = keras.Input(image_shape, name="images")
    labels = keras.Input((), dtype="int32", name="labels")
    if conditioning == "concat":
        one_hot = _one_hot(labels, num_classes)
        maps = layers.Reshape((1, 1, num_classes))(one_hot)
        maps = layers.UpSampling2D(image_shape[:2], name="label_maps")(maps)
        x = layers.Concatenate(name="image_and_label")([images, maps])
        features = discriminator_features(x, image_shape, filters)
        logits = layers.Dense(
            1, kernel_initializer=_init(), name="logit", dtype="float32"
        )(features)
    else:
        features = discriminator_features(
            images,
            image_shape,
            filters,
            batch_norm=False,
            wrap=_spectral_norm,
        )
        logits = _spectral_norm(
            layers.Dense(
                1, kernel_initializer=_init(), name="logit", dtype="float32"
            )
        )(features)
        embedded = _spectral_norm(
            layers.Embedding(
                num_classes,
                features.shape[-1],
                embeddings_initializer=_init(),
                name="label_embedding",
            )
        )(labels)
        projection = layers.Dot(axes=1, name="projection", dtype="float32")(
            [embedded, features]
        )
        logits = layers.Add(name="conditional_logit", dtype="float32")(
            [logits, projection]
        )
    return keras.Model([images, labels], logits, name="discriminator")


@keras.saving.register_keras_serializable(package="keras_gans")
class ConditionalGAN(PresetsMixin, GAN):
    """A class-conditional GAN on the DCGAN networks.

    Both networks take a class label besides their usual input; `fit`
    takes images with their labels and `generate` draws images of the
    classes asked for. Two ways of conditioning, chosen by `conditioning`:

    - `"concat"` (default; Mirza & Osindero, 2014, the seed deck's slide
      3): the generator sees the latent vector concatenated with the
      one-hot label; the discriminator sees the label as `num_classes`
      extra constant image channels. Trained like DCGAN: Adam(2e-4,
      beta_1=0.5), non-saturating loss, one discriminator update per
      generator update.
    - `"projection"` (Miyato & Koyama, 2018): class-conditional BatchNorm
      in the generator; in the discriminator spectral normalization, no
      BatchNorm, and the label enters as the inner product of a class
      embedding with the last features, added to the logit. Trained with
      the paper's hinge loss, Adam(2e-4, beta_1=0, beta_2=0.9) and five
      discriminator updates per generator update (`compile()` defaults).
      The paper's ResNet networks and linear learning rate decay are not
      reproduced: the networks here are DCGAN's. Its settings need long
      runs; on the bundled digits, DCGAN's Adam(2e-4, beta_1=0.5) with
      `d_steps=1` learned the classes in 30 epochs.

    In both phases the generated images get labels drawn uniformly over the
    classes from the model's seed generator; real images keep their own.

    Args:
        image_shape: `(size, size, channels)`, size 28 or a power of two of
            at least 16 (see `DCGAN`).
        num_classes: number of classes; labels are ints in
            `[0, num_classes)`.
        latent_dim: size of the latent vector z.
        generator_filters: width of the generator (see `DCGAN`).
        discriminator_filters: width of the discriminator (see `DCGAN`).
        conditioning: `"concat"` or `"projection"`.
        seed: seed of the training noise and labels.

    Example:

    ```python
    gan = keras_gans.models.ConditionalGAN.from_preset("tiny")
    gan.compile()
    gan.fit(images, labels, epochs=1, batch_size=32)
    sevens = gan.generate(labels=[7] * 8, seed=0)
    ```

    Reference:
        Mirza & Osindero, "Conditional Generative Adversarial Nets", 2014;
        Miyato & Koyama, "cGANs with Projection Discriminator", ICLR 2018.
    """

    def __init__(
        self,
        image_shape=(28, 28, 1),
        num_classes=10,
        latent_dim=100,
        generator_filters=128,
        discriminator_filters=64,
        conditioning="concat",
        seed=None,
        **kwargs,
    ):
        image_shape = _check_image_shape(image_shape)
        check_positive_ints(
            1,
            num_classes=num_classes,
            latent_dim=latent_dim,
            generator_filters=generator_filters,
            discriminator_filters=discriminator_filters,
        )
        if num_classes < 2:
            raise ValueError(
                "Expected at least 2 classes. "
                f"Received: num_classes={num_classes}"
            )
        if conditioning not in CONDITIONINGS:
            raise ValueError(
                f"Expected `conditioning` to be one of {CONDITIONINGS}. "
                f"Received: conditioning={conditioning!r}"
            )
        kwargs.pop("generator", None)
        kwargs.pop("discriminator", None)
        super().__init__(
            generator=conditional_generator(
                image_shape,
                latent_dim,
                num_classes,
                generator_filters,
                conditioning,
            ),
            discriminator=conditional_discriminator(
                image_shape, num_classes, discriminator_filters, conditioning
            ),
            latent_dim=latent_dim,
            seed=seed,
            **kwargs,
        )
        self.num_classes = num_classes
        self.generator_filters = generator_filters
        self.discriminator_filters = discriminator_filters
        self.conditioning = conditioning

    def _build_networks(self):
        labels = ops.zeros((2,), dtype="int32")
        fake = self.generator([ops.zeros((2, self.latent_dim)), labels])
        logits = self.discriminator([fake, labels])
        if tuple(logits.shape[1:]) != (1,):
            raise ValueError(
                "Expected the discriminator to return one logit per image, "
                "shape (batch, 1). Received: discriminator output shape "
                f"{tuple(logits.shape)}"
            )
        return tuple(int(d) for d in fake.shape[1:])

    _presets = PRESETS

    # ------------------------------------------------------------------
    # Compilation

    def default_optimizers(self):
        if self.conditioning == "projection":
            return (
                keras.optimizers.Adam(2e-4, beta_1=0.0, beta_2=0.9),
                keras.optimizers.Adam(2e-4, beta_1=0.0, beta_2=0.9),
            )
        return super().default_optimizers()

    def compile(
        self,
        g_optimizer=None,
        d_optimizer=None,
        loss=None,
        d_steps=None,
        **kwargs,
    ):
        """Configures training; see `GAN.compile`.

        `loss` and `d_steps` default to the conditioning's paper settings:
        non-saturating and 1 for `"concat"`, hinge and 5 for
        `"projection"`. A DiffAugment policy (`augment=`) transforms the
        images only; the labels go to the discriminator unchanged.
        """
        projection = self.conditioning == "projection"
        if loss is None:
            loss = "hinge" if projection else "non_saturating"
        if d_steps is None:
            d_steps = 5 if projection else 1
        super().compile(
            g_optimizer=g_optimizer,
            d_optimizer=d_optimizer,
            loss=loss,
            d_steps=d_steps,
            **kwargs,
        )

    # ------------------------------------------------------------------
    # Inference

    def call(self, inputs, training=False):
        latents, labels = inputs
        return self.generator([latents, labels], training=training)

    def generate(
        self,
        num_images=None,
        labels=None,
        seed=None,
        latents=None,
        batch_size=256,
        use_ema=True,
    ):
        """Generates one image per label, in [-1, 1], as a numpy array.

        Args:
            num_images: how many images; optional when `labels` or
                `latents` give the number, and then it must agree.
            labels: 1-D ints in `[0, num_classes)`, one per image. Without
                them the classes are cycled: 0, 1, ..., num_classes - 1, 0,
                ...
            seed: int seed for the latents; the same seed gives the same
                latents on every backend.
            latents: an array `(num_images, latent_dim)` to use instead of
                random latents.
            batch_size: images per forward pass.
            use_ema: use the EMA generator when the model keeps one
                (`compile(ema_decay=...)`).

        Raises:
            ValueError: for labels that are not 1-D ints in range, or
                counts that disagree.
        """
        counts = {}
        if num_images is not None:
            if (
                isinstance(num_images, bool)
                or not isinstance(num_images, (int, np.integer))
                or num_images < 1
            ):
                raise ValueError(
                    "Expected `num_images` to be a positive int. "
                    f"Received: num_images={num_images!r}"
                )
            counts["num_images"] = int(num_images)
        if labels is not None:
            labels = check_labels(labels, self.num_classes)
            counts["len(labels)"] = len(labels)
        if latents is not None:
            latents = np.asarray(latents, dtype="float32")
            if latents.ndim != 2 or latents.shape[1] != self.latent_dim:
                raise ValueError(
                    "Expected `latents` of shape (num_images, "
                    f"{self.latent_dim}). Received: latents.shape="
                    f"{latents.shape}"
                )
            counts["len(latents)"] = len(latents)
        if not counts:
            raise ValueError(
                "Expected `num_images`, `labels` or `latents`. Received: "
                "none of them"
            )
        if len(set(counts.values())) > 1 or 0 in counts.values():
            raise ValueError(
                "Expected one label and one latent vector per image. "
                f"Received: {', '.join(f'{k}={v}' for k, v in counts.items())}"
            )
        num = next(iter(counts.values()))
        if labels is None:
            labels = (np.arange(num) % self.num_classes).astype("int32")
        if latents is None:
            latents = self.sample_latents(num, seed)
        generator = self.generator
        if use_ema and self.ema_generator is not None:
            generator = self.ema_generator
        outputs = []
        for start in range(0, num, batch_size):
            end = start + batch_size
            images = generator(
                [latents[start:end], labels[start:end]], training=False
            )
            outputs.append(ops.convert_to_numpy(images))
        return np.clip(np.concatenate(outputs).astype("float32"), -1.0, 1.0)

    # ------------------------------------------------------------------
    # Training

    def fit(self, x=None, y=None, batch_size=None, **kwargs):
        """Trains on images and their labels.

        Arrays go in as `fit(images, labels)` or `fit((images, labels))`:
        images uint8 in [0, 255] or floats in [-1, 1], labels ints in
        `[0, num_classes)` of shape `(num,)` or `(num, 1)`, checked before
        training starts. Streams (`tf.data.Dataset`, torch `DataLoader`,
        `keras.utils.PyDataset`) must yield `(images, labels)` batches; a
        stream without labels fails on its first step, and the labels of a
        stream are not range-checked. `batch_size` counts images per update
        (see `GAN`).
        """
        if y is not None:
            if isinstance(x, tuple):
                raise ValueError(
                    "Expected the labels either in `y` or in an (images, "
                    "labels) tuple `x`, not both. Received: a tuple x and "
                    f"y of type {type(y).__name__}"
                )
            x = (x, y)
        elif isinstance(x, np.ndarray):
            raise ValueError(
                "Expected labels with the images: fit(images, labels) or "
                "fit((images, labels)). Received: y=None"
            )
        if isinstance(x, tuple) and len(x) == 2:
            images, labels = x
            labels = check_labels(
                labels, self.num_classes, "labels", allow_column=True
            )
            if len(labels) != len(images):
                raise ValueError(
                    "Expected one label per image. Received: "
                    f"{len(images)} images and {len(labels)} labels"
                )
            x = (images, labels)
        return super().fit(x, batch_size=batch_size, **kwargs)

    def _train_step(self, data):
        images, labels, _ = keras.utils.unpack_x_y_sample_weight(data)
        if labels is None:
            raise ValueError(
                "Expected batches of (images, labels). Received: images only"
            )
        self._step_was_compiled = backend.in_compiled_step()
        images = ops.cast(images, self.compute_dtype)
        # The batch holds `d_steps` updates' worth of labelled images.
        chunks = ops.reshape(images, (self.d_steps, -1) + self.image_shape)
        label_chunks = ops.reshape(
            ops.cast(labels, "int32"), (self.d_steps, -1)
        )
        logs = {}
        for i in range(self.d_steps):
            d_loss, d_logs = self.discriminator_update(
                chunks[i], label_chunks[i]
            )
            logs.update(d_logs)
        g_loss, g_logs = self.generator_update(ops.shape(chunks)[1])
        logs.update(g_logs)
        if self.ema_generator is not None:
            self.update_ema_generator()
        self.d_loss_tracker.update_state(d_loss)
        self.g_loss_tracker.update_state(g_loss)
        logs["d_loss"] = self.d_loss_tracker.result()
        logs["g_loss"] = self.g_loss_tracker.result()
        return logs

    def draw_labels(self, batch_size):
        """Labels drawn uniformly over the classes from the seed generator."""
        return keras.random.randint(
            (batch_size,),
            0,
            self.num_classes,
            dtype="int32",
            seed=self.seed_generator,
        )

    def discriminator_loss(
        self, real_images, real_labels, fake_images, fake_labels
    ):
        """The discriminator's loss and extra logs for one update."""
        real_images = self.augment_images(real_images)
        fake_images = self.augment_images(fake_images)
        real_logits = self.discriminator(
            [real_images, real_labels], training=True
        )
        fake_logits = self.discriminator(
            [fake_images, fake_labels], training=True
        )
        loss = self.loss_fn.discriminator_loss(real_logits, fake_logits)
        return loss, {}

    def generator_loss(self, latents, labels):
        """The generator's loss and extra logs for one update."""
        fake = self.generator([latents, labels], training=True)
        fake = self.augment_images(fake)
        fake_logits = self.discriminator([fake, labels], training=True)
        return self.loss_fn.generator_loss(fake_logits), {}

    def discriminator_update(self, real_images, real_labels):
        """One discriminator update on a batch of labelled real images."""
        batch = ops.shape(real_images)[0]
        latents = self.draw_latents(batch)
        fake_labels = self.draw_labels(batch)
        # The generator runs in training mode, as in its own phase, but
        # none of its state may change here.
        fake = run_frozen(
            lambda: self.generator([latents, fake_labels], training=True),
            [self.generator],
        )
        fake = ops.stop_gradient(fake)
        loss, logs = gradient_update(
            lambda: self.discriminator_loss(
                real_images, real_labels, fake, fake_labels
            ),
            [self.discriminator],
            self.d_optimizer,
        )
        self.after_discriminator_update()
        return loss, logs

    def generator_update(self, batch_size):
        """One generator update; the discriminator is left unchanged."""
        latents = self.draw_latents(batch_size)
        labels = self.draw_labels(batch_size)
        return gradient_update(
            lambda: self.generator_loss(latents, labels),
            [self.generator],
            self.g_optimizer,
            frozen=[self.discriminator],
        )

    # ------------------------------------------------------------------
    # Serialization

    def get_config(self):
        config = keras.Model.get_config(self)
        config.update(
            {
                "image_shape": self.image_shape,
                "num_classes": self.num_classes,
                "latent_dim": self.latent_dim,
                "generator_filters": self.generator_filters,
                "discriminator_filters": self.discriminator_filters,
                "conditioning": self.conditioning,
                "seed": self.seed,
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)
