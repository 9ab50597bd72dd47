"""`keras-gans train colorization`: greyscale -> colour."""

from keras_gans.cli.recipes.base import Recipe
from keras_gans.cli.recipes.base import register_recipe
from keras_gans.cli.recipes.base import write_json
from keras_gans.cli.recipes.cyclegan import add_decay_argument
from keras_gans.cli.recipes.cyclegan import decay_epochs

# Held-out images shown in the sample grids.
GRID_IMAGES = 8


@register_recipe("colorization")
class ColorizationRecipe(Recipe):
    """ColorizationGAN with Pix2Pix's training settings, or the demo.

    Without --data the run is the embedded demo: the `skimage` preset
    (32x32 crops) trained on four of scikit-image's colour photographs,
    with crops of a fifth (Chelsea the cat) held out. With --data DIR, any
    flat folder of colour images, a share of the files (--test-fraction)
    is held out, and without --preset the model is `ColorizationGAN()` at
    256x256.

    The learning rate follows the reference code's schedule, scaled to the
    run: constant, then a linear decay to zero over the last
    --decay-epochs (half of --epochs by default), resumable.

    The report compares, on the held-out images, the model's colour error
    (a, b in Lab units; RGB L1 and PSNR) with the trivial answer "no
    colour" (a = b = 0, the greyscale image).
    """

    help = "Colorization GAN: greyscale to colour in CIE Lab"
    default_epochs = 4
    default_batch_size = 16
    use_command = "keras-gans colorize {out} IN OUT"
    model_args = (
        "data",
        "preset",
        "image_size",
        "test_fraction",
        "decay_epochs",
    )

    def add_arguments(self, parser):
        from keras_gans.models import ColorizationGAN

        parser.add_argument(
            "--data",
            default=None,
            help="a folder of colour images of any size (default: the "
            "embedded scikit-image photographs)",
        )
        parser.add_argument(
            "--test-fraction",
            type=float,
            default=0.1,
            help="share of --data's files held out for the grids and the "
            "report (default: %(default)s)",
        )
        parser.add_argument(
            "--preset",
            choices=sorted(ColorizationGAN.presets()),
            default=None,
            help="a named configuration (default: skimage for the embedded "
            "data, ColorizationGAN() - 256x256 - with --data)",
        )
        parser.add_argument(
            "--image-size",
            type=int,
            default=None,
            help="side of the training crops, divisible by 4",
        )
        add_decay_argument(parser)

    def model_kwargs(self, args):
        from keras_gans.models import ColorizationGAN

        preset = args.preset
        if preset is None and args.data is None:
            preset = "skimage"
        kwargs = dict(ColorizationGAN.presets()[preset]) if preset else {}
        if args.image_size is not None:
            kwargs["image_size"] = args.image_size
        return kwargs

    def build_model(self, args):
        from keras_gans.models import ColorizationGAN

        model = ColorizationGAN(**self.model_kwargs(args), seed=args.seed)
        decay = decay_epochs(args)
        model.compile(constant_epochs=args.epochs - decay, decay_epochs=decay)
        return model

    def load_data(self, args):
        from keras_gans.data import colorization
        from keras_gans.data.unpaired import RandomCropBatches

        size = self.model_kwargs(args).get("image_size", 256)
        decay_epochs(args)
        if args.data is None:
            data = colorization.skimage_color_photos(size)
        else:
            data = colorization.load_color_folder(
                args.data,
                size,
                test_fraction=args.test_fraction,
                seed=args.seed,
            )
        if args.batch_size > len(data["train"]):
            raise ValueError(
                f"Expected --batch-size at most the {len(data['train'])} "
                f"training images. Received: --batch-size={args.batch_size}"
            )
        self._data = data
        return {
            "x": RandomCropBatches(
                data["train"],
                batch_size=args.batch_size,
                image_size=size,
                seed=args.seed,
            )
        }

    def callbacks(self, args, model, out_dir):
        import numpy as np
        from keras import ops

        from keras_gans import color
        from keras_gans.callbacks import TranslationGrid

        size = model.image_size
        if "test" in self._data:
            images = self._data["test"]
        else:
            margin = (self._data["train"].shape[1] - size) // 2
            images = self._data["train"][
                :, margin : margin + size, margin : margin + size
            ]
        picks = np.unique(
            np.linspace(0, len(images) - 1, min(len(images), GRID_IMAGES))
            .round()
            .astype(int)
        )
        targets = images[picks].astype("float32") / 127.5 - 1.0
        inputs = ops.convert_to_numpy(color.rgb_to_grayscale(targets))
        # Three equal channels: TranslationGrid's progress picture stacks
        # inputs and outputs, which must then agree in their channels.
        inputs = np.repeat(inputs, 3, axis=-1)
        return [TranslationGrid(out_dir, inputs, targets)]

    def report(self, args, model, out_dir):
        if "test" not in self._data:
            return {}
        from keras_gans.metrics import colorization_scores

        result = colorization_scores(model, self._data["test"])
        write_json(out_dir, "held_out.json", result)
        print(
            f"Held-out colour images: {result['images']} (lower L1, higher "
            "PSNR is better)"
        )
        for name in ("model", "ab_zero"):
            scores = result[name]
            print(
                f"  {name:8} ab L1 {scores['ab_l1']:.2f} (Lab units)  RGB "
                f"L1 {scores['l1']:.3f}  PSNR {scores['psnr']:.2f} dB"
            )
        return {"held_out": result}
