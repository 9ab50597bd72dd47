"""`keras-gans train dcgan`: DCGAN on the bundled digits or another set."""

import json
import os

from keras_gans.cli.recipes.base import Recipe
from keras_gans.cli.recipes.base import register_recipe

# Images drawn for the final recognisability check.
REPORT_SAMPLES = 1000


@register_recipe("dcgan")
class DCGANRecipe(Recipe):
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
    model_args = ("preset", "dataset")

    def add_arguments(self, parser):
        from keras_gans.models import DCGAN

        parser.add_argument(
            "--dataset",
            default="digits",
            help="'digits' (bundled, no download; the default), 'mnist', "
            "'fashion_mnist', 'cifar10' (downloaded by Keras) or an image "
            "folder",
        )
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
        model.compile()
        return model

    def load_data(self, args):
        from keras_gans.data import load_dataset

        images = load_dataset(args.dataset, self.image_shape(args))
        return {"x": images, "batch_size": args.batch_size}

    def callbacks(self, args, model, out_dir):
        from keras_gans.callbacks import SampleGrid

        return [SampleGrid(out_dir, num_images=64, seed=args.seed)]

    def report(self, args, model, out_dir):
        if args.dataset != "digits":
            return {}
        from keras_gans.metrics.digits import recognizability

        images = model.generate(REPORT_SAMPLES, seed=args.seed + 1)
        result = recognizability(images)
        path = os.path.join(out_dir, "recognizability.json")
        with open(path, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")
        shares = " ".join(f"{s:.2f}" for s in result["class_shares"])
        verdict = "meets" if result["passed"] else "does NOT meet"
        print(
            f"Digit classifier on {result['num_images']} samples: "
            f"confident (p >= {result['confidence']}) on "
            f"{result['confident_fraction']:.1%}; class shares 0-9: "
            f"{shares}; {verdict} the bar (>= {result['min_confident']:.0%} "
            f"confident, every class >= "
            f"{result['min_class_share_required']:.0%})."
        )
        return {"recognizability": result}
