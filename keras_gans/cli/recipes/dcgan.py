"""`keras-gans train dcgan`: DCGAN on the bundled digits or another set."""

from keras_gans.cli.recipes.base import ImageGANRecipe
from keras_gans.cli.recipes.base import add_ema_argument
from keras_gans.cli.recipes.base import register_recipe


@register_recipe("dcgan")
class DCGANRecipe(ImageGANRecipe):
    """DCGAN with the paper's settings.

    Without --preset the model is `DCGAN()`: 28x28, one channel, a 100-d
    latent, Adam(2e-4, beta_1=0.5) for both networks. The default run, on
    scikit-learn's 1,797 digits, is sized to finish in a few minutes on two
    CPU cores with TensorFlow; its report checks that a digit classifier
    recognises the samples (`keras_gans.metrics.digits`).
    """

    help = "Deep convolutional GAN (Radford et al., 2015)"
    default_epochs = 40
    default_batch_size = 64
    model_args = ("preset", "dataset", "ema_decay")

    def add_arguments(self, parser):
        from keras_gans.models import DCGAN

        self.add_dataset_argument(parser)
        add_ema_argument(parser)
        parser.add_argument(
            "--preset",
            choices=sorted(DCGAN.presets()),
            default=None,
            help="a named DCGAN configuration (default: DCGAN(), the "
            "paper's settings at 28x28x1)",
        )

    def model_kwargs(self, args):
        from keras_gans.models import DCGAN

        if args.preset is None:
            return {}
        return dict(DCGAN.presets()[args.preset])

    def image_shape(self, args):
        return tuple(self.model_kwargs(args).get("image_shape", (28, 28, 1)))

    def build_model(self, args):
        from keras_gans.models import DCGAN

        model = DCGAN(**self.model_kwargs(args), seed=args.seed)
        model.compile(ema_decay=args.ema_decay)
        return model
