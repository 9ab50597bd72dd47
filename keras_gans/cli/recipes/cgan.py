"""`keras-gans train cgan`: a class-conditional GAN on labelled images."""

from keras_gans.cli import CLIError
from keras_gans.cli.recipes.base import Recipe
from keras_gans.cli.recipes.base import add_ema_argument
from keras_gans.cli.recipes.base import register_recipe
from keras_gans.cli.recipes.base import write_json

# Images drawn per digit for the final label-accuracy check.
REPORT_SAMPLES_PER_CLASS = 100


@register_recipe("cgan")
class ConditionalGANRecipe(Recipe):
    """ConditionalGAN on the bundled digits or a folder of class folders.

    The data gives the classes: the ten digits, or one class per
    sub-folder of DIR (sorted names). The default run (concat
    conditioning, the `digits` preset at 16x16, DCGAN's training settings)
    finishes in a few minutes on two CPU cores with TensorFlow. The
    projection variant defaults to its paper's settings (hinge, Adam with
    beta_1=0 and beta_2=0.9, five discriminator updates), which need long
    runs; for a short one pass DCGAN's optimizer and one update each:
    `--d-steps 1 --beta-1 0.5 --beta-2 0.999`.

    Sample grids hold one column per class. On digits, the report gives how
    often a classifier trained on real digits reads the digit each sample
    was asked for, and the recognisability figures of the DCGAN recipe.
    """

    help = "Class-conditional GAN (Mirza & Osindero 2014; projection D)"
    default_epochs = 30
    default_batch_size = 64
    evaluates = True
    model_args = (
        "preset",
        "dataset",
        "conditioning",
        "d_steps",
        "beta_1",
        "beta_2",
        "ema_decay",
    )

    def add_arguments(self, parser):
        from keras_gans.models import ConditionalGAN
        from keras_gans.models.conditional_gan import CONDITIONINGS

        parser.add_argument(
            "--dataset",
            default="digits",
            help="'digits' (bundled, no download; the default), a Keras "
            "data set name, or a folder with one sub-folder per class",
        )
        parser.add_argument(
            "--preset",
            choices=sorted(ConditionalGAN.presets()),
            default="digits",
            help="a named ConditionalGAN configuration (default: "
            "%(default)s, 16x16x1)",
        )
        add_ema_argument(parser)
        parser.add_argument(
            "--conditioning",
            choices=CONDITIONINGS,
            default="concat",
            help="'concat': one-hot label with the noise and as image "
            "channels; 'projection': conditional BatchNorm and a "
            "projection discriminator (default: %(default)s)",
        )
        parser.add_argument(
            "--d-steps",
            type=int,
            default=None,
            help="discriminator updates per generator update (default: "
            "the conditioning's paper value, 1 or 5)",
        )
        for name, values in (
            ("beta-1", "0.5 or 0"),
            ("beta-2", "0.999 or 0.9"),
        ):
            parser.add_argument(
                f"--{name}",
                type=float,
                default=None,
                help=f"Adam's {name.replace('-', '_')} for both networks "
                f"(default: the conditioning's paper value, {values})",
            )

    def image_shape(self, args):
        from keras_gans.models import ConditionalGAN

        return tuple(ConditionalGAN.presets()[args.preset]["image_shape"])

    def load_data(self, args):
        from keras_gans.data import load_dataset

        images, labels, class_names = load_dataset(
            args.dataset, self.image_shape(args), return_labels=True
        )
        self.class_names = list(class_names)
        return {"x": (images, labels), "batch_size": args.batch_size}

    def build_model(self, args):
        import keras

        from keras_gans.models import ConditionalGAN

        if args.d_steps is not None and args.d_steps < 1:
            raise CLIError(
                f"Expected --d-steps >= 1. Received: --d-steps={args.d_steps}"
            )
        preset = dict(ConditionalGAN.presets()[args.preset])
        preset["num_classes"] = len(self.class_names)
        model = ConditionalGAN(
            **preset, conditioning=args.conditioning, seed=args.seed
        )
        changes = {
            key: getattr(args, key)
            for key in ("beta_1", "beta_2")
            if getattr(args, key) is not None
        }
        optimizers = {}
        if changes:
            # Only the betas given change; the rest stays the paper's.
            optimizers = {
                name: keras.optimizers.Adam.from_config(
                    {**default.get_config(), **changes}
                )
                for name, default in zip(
                    ("g_optimizer", "d_optimizer"),
                    model.default_optimizers(),
                )
            }
        model.compile(
            d_steps=args.d_steps, ema_decay=args.ema_decay, **optimizers
        )
        return model

    def callbacks(self, args, model, out_dir):
        from keras_gans.callbacks import SampleGrid

        # With classes cycling over the images, a square grid of
        # num_classes columns shows one class per column.
        classes = model.num_classes
        num_images = classes * classes if classes <= 12 else 64
        return [SampleGrid(out_dir, num_images=num_images, seed=args.seed)]

    def report(self, args, model, out_dir):
        if args.dataset != "digits":
            return {}
        import numpy as np

        from keras_gans.metrics.digits import label_accuracy
        from keras_gans.metrics.digits import recognizability

        asked = np.repeat(np.arange(10), REPORT_SAMPLES_PER_CLASS)
        images = model.generate(labels=asked, seed=args.seed + 1)
        result = {
            "label_accuracy": label_accuracy(images, asked),
            "recognizability": recognizability(images),
        }
        write_json(out_dir, "label_accuracy.json", result)
        labels = result["label_accuracy"]
        seen = result["recognizability"]
        print(
            f"Digit classifier on {labels['num_images']} samples: reads the "
            f"asked digit on {labels['label_accuracy']:.1%} "
            f"({labels['confident_label_accuracy']:.1%} with p >= "
            f"{labels['confidence']}); confident on "
            f"{seen['confident_fraction']:.1%}."
        )
        return result
