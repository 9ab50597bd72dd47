"""`keras-gans train srgan`: SRResNet, then SRGAN, on high-res photographs."""

import os

import keras
import numpy as np

from keras_gans.cli import CLIError
from keras_gans.cli.recipes.base import Recipe
from keras_gans.cli.recipes.base import register_recipe
from keras_gans.cli.recipes.base import write_json

# Held-out crops scored after every epoch and after training. They are
# larger than the training crops (the generator takes any size): on small
# inputs the zero padding at the borders weighs on every pixel, while
# bicubic resampling handles borders by replication.
HELD_OUT_CROPS = 64
HELD_OUT_SIZE = 128
# Batches per epoch when --steps-per-epoch is not given: the crops are
# random, so an epoch is a number of updates rather than a pass.
DEFAULT_STEPS = 100


@register_recipe("srgan")
class SRGANRecipe(Recipe):
    """SRGAN in the paper's two phases, one command each.

    `--phase mse` trains the generator alone on the pixel loss (the paper's
    SRResNet-MSE); `--phase gan` trains it against the discriminator,
    starting from an SRResNet run given with `--init`. Data: random crops
    of the images in `--data` (default: scikit-image's bundled photographs),
    downscaled with Pillow's bicubic filter; PSNR/SSIM on held-out crops
    are logged every epoch (val_psnr, val_ssim) and reported at the end
    beside bicubic upscaling.

    The default preset is `demo` (4 blocks of 32 channels, 48-pixel crops),
    sized for a few minutes per phase on two CPU cores; `--preset paper`
    is the paper's network (16 blocks of 64 channels, 96-pixel crops).
    """

    help = "SRGAN / SRResNet 4x super-resolution (Ledig et al., 2017)"
    default_epochs = 10
    default_batch_size = 16
    use_command = "keras-gans upscale {out} IN OUT"
    model_args = ("preset", "data", "held_out", "phase", "init")

    def add_arguments(self, parser):
        from keras_gans.models import SRGAN

        parser.add_argument(
            "--phase",
            choices=("mse", "gan"),
            default="mse",
            help="'mse': the generator on the pixel loss (SRResNet-MSE, the "
            "first phase; default); 'gan': adversarial training, from the "
            "generator of --init",
        )
        parser.add_argument(
            "--init",
            default=None,
            metavar="CHECKPOINT",
            help="phase gan: an SRResNet run folder or .keras file whose "
            "generator (and configuration) the GAN starts from",
        )
        parser.add_argument(
            "--data",
            default=None,
            metavar="DIR",
            help="folder of high-resolution images, searched recursively "
            "(default: scikit-image's bundled photographs)",
        )
        parser.add_argument(
            "--held-out",
            default=None,
            metavar="DIR",
            help="folder of images for the PSNR/SSIM report (default: the "
            "held-out bundled photographs when --data is not given)",
        )
        parser.add_argument(
            "--preset",
            choices=["paper"] + sorted(SRGAN.presets()),
            default="demo",
            help="network size (default: %(default)s; 'paper': 16 blocks "
            "of 64 channels, 96-pixel crops)",
        )
        parser.add_argument(
            "--content-loss",
            choices=("vgg54", "vgg22", "mse"),
            default="vgg54",
            help="phase gan: VGG19 features (needs the ImageNet weights) or "
            "the pixel loss (SRGAN-MSE) (default: %(default)s)",
        )
        parser.add_argument(
            "--vgg-weights",
            default="imagenet",
            metavar="PATH",
            help="VGG19 (no top) weights file; default: Keras' cached "
            "ImageNet file, downloaded when online",
        )
        parser.add_argument(
            "--learning-rate",
            type=float,
            default=1e-4,
            help="Adam learning rate of both networks (default: the "
            "paper's %(default)s)",
        )

    # ------------------------------------------------------------------

    def _init_model(self, args):
        from keras_gans.cli.sample import load_checkpoint
        from keras_gans.cli.sample import resolve_checkpoint
        from keras_gans.models import SRGAN

        cached = getattr(self, "_init_cache", None)
        if cached is not None and cached[0] == args.init:
            return cached[1]
        path = resolve_checkpoint(args.init)
        model = load_checkpoint(path)
        if not isinstance(model, SRGAN):
            raise CLIError(
                "Expected --init to hold an SRGAN (a run of `keras-gans "
                f"train srgan`). Received: a {type(model).__name__} in {path}"
            )
        self._init_cache = (args.init, model)
        return model

    def build_model(self, args):
        from keras_gans.losses import MissingWeightsError
        from keras_gans.losses import VGGContentLoss
        from keras_gans.models import SRGAN

        if args.init is not None:
            if args.phase != "gan":
                raise CLIError(
                    "--init starts the GAN phase from an SRResNet. Expected "
                    f"--phase gan with --init. Received: --phase {args.phase}"
                )
            model = self._init_model(args)
            print(f"Starting from the generator of {args.init}")
        elif args.preset == "paper":
            model = SRGAN()
        else:
            model = SRGAN.from_preset(args.preset)
        if args.phase == "mse":
            model.compile(
                phase="mse",
                g_optimizer=keras.optimizers.Adam(args.learning_rate),
            )
            return model
        if args.init is None:
            print(
                "Note: the paper starts the GAN from a trained SRResNet "
                "(--init RUN); this run starts from random weights."
            )
        try:
            content = (
                "mse"
                if args.content_loss == "mse"
                else VGGContentLoss(
                    {"vgg54": "block5_conv4", "vgg22": "block2_conv2"}[
                        args.content_loss
                    ],
                    weights=args.vgg_weights,
                )
            )
        except (MissingWeightsError, ValueError) as error:
            raise CLIError(str(error)) from error
        model.compile(
            phase="gan",
            content_loss=content,
            g_optimizer=keras.optimizers.Adam(args.learning_rate),
            d_optimizer=keras.optimizers.Adam(args.learning_rate),
        )
        print(f"Training {model.variant}")
        return model

    def _crop_size(self, args):
        from keras_gans.models import SRGAN

        if args.init is not None:
            return self._init_model(args).crop_size
        if args.preset == "paper":
            return 96
        return SRGAN.presets()[args.preset]["crop_size"]

    def held_out(self, args, scale=4):
        """Fixed `(low_res, high_res)` uint8 crops for scoring, or None."""
        from keras_gans.data import super_resolution as sr

        key = (args.held_out, args.data, scale)
        cached = getattr(self, "_held_out_cache", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        if args.held_out is not None:
            images = sr.load_high_res_images(args.held_out, HELD_OUT_SIZE)
        elif args.data is None:
            images = sr.embedded_photographs("test")
        else:
            return None
        crops = sr.make_crops(
            images, HELD_OUT_CROPS, HELD_OUT_SIZE, scale, seed=1
        )
        self._held_out_cache = (key, crops)
        return crops

    def load_data(self, args):
        from keras_gans.data import super_resolution as sr

        crop_size = self._crop_size(args)
        if args.data is None:
            images = sr.embedded_photographs("train")
        else:
            images = sr.load_high_res_images(args.data, crop_size)
        data = sr.SuperResolutionCrops(
            images,
            crop_size=crop_size,
            batch_size=args.batch_size,
            steps_per_epoch=args.steps_per_epoch or DEFAULT_STEPS,
            seed=args.seed,
        )
        fit = {"x": data}
        held_out = self.held_out(args)
        if held_out is not None:
            fit["validation_data"] = held_out
        return fit

    def callbacks(self, args, model, out_dir):
        held_out = self.held_out(args, model.scale)
        if held_out is None:
            return []
        return [UpscaleGrid(out_dir, *held_out)]

    def report(self, args, model, out_dir):
        held_out = self.held_out(args, model.scale)
        if held_out is None:
            return {"variant": model.variant}
        scores = model.benchmark(*held_out)
        result = {
            "variant": model.variant,
            "held_out_crops": len(held_out[0]),
            "held_out_size": HELD_OUT_SIZE,
            **{key: round(value, 4) for key, value in scores.items()},
        }
        write_json(out_dir, "psnr_ssim.json", result)
        print(
            f"{model.variant} on {len(held_out[0])} held-out "
            f"{HELD_OUT_SIZE}-pixel crops (luma, {model.scale}-pixel "
            f"border): PSNR {scores['psnr']:.2f} "
            f"dB, SSIM {scores['ssim']:.4f}; bicubic "
            f"{scores['bicubic_psnr']:.2f} dB, {scores['bicubic_ssim']:.4f}"
        )
        print(
            f"Upscale images: keras-gans upscale {out_dir} IN OUT",
        )
        return {"super_resolution": result}


class UpscaleGrid(keras.callbacks.Callback):
    """Writes held-out crops upscaled after every epoch.

    One row per crop: the low-resolution input (nearest neighbour), bicubic,
    the model, the original; to `out_dir/samples/epoch_NNN.png`.
    """

    def __init__(self, out_dir, low_res, high_res, num_images=4):
        super().__init__()
        self.samples_dir = os.path.join(out_dir, "samples")
        self.low_res = low_res[:num_images]
        self.high_res = high_res[:num_images]

    def on_epoch_end(self, epoch, logs=None):
        from keras_gans.data.super_resolution import bicubic_upscale
        from keras_gans.utils import save_image

        s = self.model.scale
        upscaled = self.model.upscale(self.low_res)
        rows = [
            np.concatenate(
                [
                    np.repeat(np.repeat(low, s, axis=0), s, axis=1),
                    bicubic_upscale(low, s),
                    image,
                    high,
                ],
                axis=1,
            )
            for low, image, high in zip(self.low_res, upscaled, self.high_res)
        ]
        path = os.path.join(self.samples_dir, f"epoch_{epoch + 1:03d}.png")
        save_image(path, np.concatenate(rows, axis=0))
