"""`keras-gans train cyclegan`: unpaired image-to-image translation."""

from keras_gans.cli.recipes.base import Recipe
from keras_gans.cli.recipes.base import register_recipe
from keras_gans.cli.recipes.base import write_json

# Images of each domain shown in the sample grids.
GRID_IMAGES = 6


@register_recipe("cyclegan")
class CycleGANRecipe(Recipe):
    """CycleGAN with the paper's settings, or the embedded demo.

    Without --data the run is the embedded demo: the `skimage` preset
    (32x32) translating crops of everyday photographs (domain A) into the
    look of a stained-tissue micrograph (domain B), all shipped with
    scikit-image, held-out crops from a photograph and a region of the
    micrograph that training never sees (`keras_gans.data.unpaired`).
    With --data DIR (trainA/, trainB/, optionally testA/, testB/) and no
    --preset the model is `CycleGAN()`, the paper's 256x256 network.

    The learning rate is constant for the first epochs and decays linearly
    to zero over the last --decay-epochs (half of --epochs by default, as
    the paper's 100 + 100), following the epoch count saved in each
    checkpoint, so --resume continues the schedule.

    The report measures, on held-out images, how far A -> B moved toward
    B (colour Frechet distance to held-out B, a domain classifier's
    P(B)) against untranslated A, with the cycle errors beside it.
    """

    help = "Unpaired image-to-image translation (Zhu et al., 2017)"
    default_epochs = 4
    default_batch_size = 4
    use_command = "keras-gans translate {out} IN OUT --direction a_to_b"
    model_args = ("data", "preset", "image_size", "decay_epochs")

    def add_arguments(self, parser):
        from keras_gans.models import CycleGAN

        parser.add_argument(
            "--data",
            default=None,
            help="a folder with trainA/ and trainB/ (and optionally testA/ "
            "and testB/) of images of any size, the CycleGAN data sets' "
            "layout (default: the embedded photographs -> micrograph data)",
        )
        parser.add_argument(
            "--preset",
            choices=sorted(CycleGAN.presets()),
            default=None,
            help="a named configuration (default: skimage for the embedded "
            "data, CycleGAN() - the paper's 256x256 - with --data)",
        )
        parser.add_argument(
            "--image-size",
            type=int,
            default=None,
            help="side of the training crops, divisible by 4 (default: the "
            "preset's or 256)",
        )
        add_decay_argument(parser)
        parser.add_argument(
            "--allow-greyscale",
            action="store_true",
            help="accept greyscale images in colour domains (repeated over "
            "three channels) instead of stopping with an error",
        )

    def model_kwargs(self, args):
        from keras_gans.models import CycleGAN

        preset = args.preset
        if preset is None and args.data is None:
            preset = "skimage"
        kwargs = dict(CycleGAN.presets()[preset]) if preset else {}
        if args.image_size is not None:
            kwargs["image_size"] = args.image_size
        return kwargs

    def build_model(self, args):
        from keras_gans.models import CycleGAN

        model = CycleGAN(**self.model_kwargs(args), seed=args.seed)
        decay = decay_epochs(args)
        model.compile(constant_epochs=args.epochs - decay, decay_epochs=decay)
        return model

    def load_data(self, args):
        from keras_gans.data import unpaired

        size = self.model_kwargs(args).get("image_size", 256)
        decay_epochs(args)
        if args.data is None:
            data = unpaired.skimage_domains(size)
        else:
            data = unpaired.load_unpaired_folder(
                args.data, size, allow_greyscale=args.allow_greyscale
            )
        for key in ("train_a", "train_b"):
            if args.batch_size > len(data[key]):
                raise ValueError(
                    f"Expected --batch-size at most the {len(data[key])} "
                    f"images of {key}. Received: "
                    f"--batch-size={args.batch_size}"
                )
        self._data = data
        dataset = unpaired.RandomCropBatches(
            data["train_a"],
            data["train_b"],
            batch_size=args.batch_size,
            image_size=size,
            seed=args.seed,
        )
        return {"x": dataset}

    def _held_out(self, size):
        """(A, B) held-out images, or centre crops of training images."""
        data = self._data
        if "test_a" in data:
            return data["test_a"], data["test_b"]
        margin = (data["train_a"].shape[1] - size) // 2
        crop = slice(margin, margin + size)
        return data["train_a"][:, crop, crop], data["train_b"][:, crop, crop]

    def callbacks(self, args, model, out_dir):
        from keras_gans.callbacks import CycleGrid

        images_a, images_b = self._held_out(model.image_size)
        count = min(GRID_IMAGES, len(images_a), len(images_b))
        return [
            CycleGrid(
                out_dir,
                images_a[_evenly(len(images_a), count)],
                images_b[_evenly(len(images_b), count)],
            )
        ]

    def report(self, args, model, out_dir):
        if "test_a" not in self._data:
            return {}
        from keras_gans.metrics import domain_transfer_scores

        size = model.image_size
        margin = (self._data["train_a"].shape[1] - size) // 2
        crop = slice(margin, margin + size)
        result = domain_transfer_scores(
            model,
            self._data["train_a"][:, crop, crop],
            self._data["train_b"][:, crop, crop],
            self._data["test_a"],
            self._data["test_b"],
        )
        write_json(out_dir, "held_out.json", result)
        fd, p_b = result["color_fd_to_b"], result["classifier_p_b"]
        print(
            f"Held-out: {result['held_out_a']} A and {result['held_out_b']} "
            "B images.\n"
            f"  colour Frechet distance to B (lower is closer): "
            f"untranslated A {fd['untranslated_a']:.1f}, "
            f"A -> B {fd['translated_a']:.1f}\n"
            f"  domain classifier P(B) (held-out accuracy "
            f"{result['classifier_held_out_accuracy']:.0%}): untranslated A "
            f"{p_b['untranslated_a']:.2f}, A -> B {p_b['translated_a']:.2f}, "
            f"real B {p_b['real_b']:.2f}\n"
            f"  cycle error A -> B -> A: L1 {result['cycle_a']['l1']:.3f}, "
            f"PSNR {result['cycle_a']['psnr']:.1f} dB; B -> A -> B: L1 "
            f"{result['cycle_b']['l1']:.3f}, PSNR "
            f"{result['cycle_b']['psnr']:.1f} dB"
        )
        return {"held_out": result}


def add_decay_argument(parser):
    """--decay-epochs, shared by the image-to-image recipes."""
    parser.add_argument(
        "--decay-epochs",
        type=int,
        default=None,
        help="epochs of linear learning rate decay to zero at the end of "
        "the run (default: half of --epochs, as the reference code's 100 "
        "+ 100)",
    )


def decay_epochs(args):
    """--decay-epochs, defaulting to half of --epochs; checked."""
    decay = (
        args.epochs // 2 if args.decay_epochs is None else (args.decay_epochs)
    )
    if not 0 <= decay <= args.epochs:
        raise ValueError(
            f"Expected --decay-epochs between 0 and --epochs "
            f"({args.epochs}). Received: --decay-epochs={decay}"
        )
    return decay


def _evenly(count, picks):
    import numpy as np

    return np.unique(
        np.linspace(0, count - 1, min(count, picks)).round().astype(int)
    )
