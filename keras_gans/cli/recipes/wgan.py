"""`keras-gans train wgan|wgan-gp`: Wasserstein GANs on digits or a folder."""

from keras_gans.cli.recipes.base import ImageGANRecipe
from keras_gans.cli.recipes.base import add_ema_argument
from keras_gans.cli.recipes.base import register_recipe


class _WGANRecipe(ImageGANRecipe):
    """WGAN with its paper's compile() defaults; see the subclasses.

    Each step makes 5 critic updates on 5 batches of real images and one
    generator update, so an epoch of 1,797 digits at batch 64 is 5
    generator updates. The default preset, `small` (16x16x1, 32 filters),
    is sized for CPUs; `--preset digits` is the full-width DCGAN layout at
    28x28.
    """

    constraint = None
    default_batch_size = 64
    model_args = ("preset", "dataset", "augment", "ema_decay")

    def add_arguments(self, parser):
        from keras_gans.models import WGAN

        self.add_dataset_argument(parser)
        add_ema_argument(parser)
        parser.add_argument(
            "--preset",
            choices=sorted(WGAN.presets()),
            default="small",
            help="a named WGAN configuration (default: %(default)s, 16x16x1)",
        )
        parser.add_argument(
            "--augment",
            default=None,
            metavar="POLICY",
            help="DiffAugment policy applied to real and generated images "
            "before the critic, e.g. 'color,translation,cutout' (default: "
            "none)",
        )

    def image_shape(self, args):
        from keras_gans.models import WGAN

        return tuple(WGAN.presets()[args.preset]["image_shape"])

    def build_model(self, args):
        from keras_gans.cli import CLIError
        from keras_gans.models import WGAN

        model = WGAN.from_preset(
            args.preset, constraint=self.constraint, seed=args.seed
        )
        try:
            model.compile(augment=args.augment, ema_decay=args.ema_decay)
        except ValueError as error:
            raise CLIError(str(error)) from error
        return model


@register_recipe("wgan")
class WGANRecipe(_WGANRecipe):
    """WGAN with weight clipping (Arjovsky et al., 2017).

    Critic weights clipped to [-0.01, 0.01] after every update,
    RMSprop(5e-5) for both networks, 5 critic updates per generator update.
    Slow to start: expect blurry digits for the first few hundred
    generator updates.
    """

    help = "Wasserstein GAN with weight clipping (Arjovsky et al., 2017)"
    constraint = "weight_clipping"
    default_epochs = 200


@register_recipe("wgan-gp")
class WGANGPRecipe(_WGANRecipe):
    """WGAN-GP (Gulrajani et al., 2017).

    Gradient penalty of weight 10 at random interpolates, no BatchNorm in
    the critic, Adam(1e-4, beta_1=0, beta_2=0.9), 5 critic updates per
    generator update.
    """

    help = "Wasserstein GAN with gradient penalty (Gulrajani et al., 2017)"
    constraint = "gradient_penalty"
    default_epochs = 200
