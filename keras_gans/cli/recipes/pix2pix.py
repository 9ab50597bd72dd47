"""`keras-gans train pix2pix`: paired image-to-image translation."""

import os

from keras_gans.cli.recipes.base import Recipe
from keras_gans.cli.recipes.base import register_recipe
from keras_gans.cli.recipes.base import write_json

# Pairs shown in the sample grids.
GRID_PAIRS = 8


def load_pair_folder(path, image_size, channels, direction):
    """Pairs from one of the layouts users have, as uint8 arrays.

    - `path/A/` and `path/B/`: two folders of images with matching names;
    - otherwise `path/` itself holds side-by-side A|B images.
    """
    from keras_gans.data.paired_images import load_image_pairs

    a_dir, b_dir = os.path.join(path, "A"), os.path.join(path, "B")
    two_folders = os.path.isdir(a_dir) and os.path.isdir(b_dir)
    return load_image_pairs(
        a_dir if two_folders else path,
        b_dir if two_folders else None,
        image_size=image_size,
        input_channels=channels[0],
        output_channels=channels[1],
        direction=direction,
    )


def split_folders(path):
    """(training folder, held-out folder or None) of a data folder.

    The Pix2Pix data sets ship as `train/` beside `val/` or `test/`; a
    folder without `train/` is all training data.
    """
    train = os.path.join(path, "train")
    if not os.path.isdir(train):
        return path, None
    for name in ("val", "test"):
        held_out = os.path.join(path, name)
        if os.path.isdir(held_out):
            return train, held_out
    return train, None


@register_recipe("pix2pix")
class Pix2PixRecipe(Recipe):
    """Pix2Pix with the paper's settings, or the embedded demo.

    Without --data the run is the embedded edges-to-photo demo: the
    `edges_to_photos` preset (64x64) on Canny edge maps of crops of five
    of scikit-image's photographs, held-out pairs from a sixth; about ten
    minutes on two CPU cores with TensorFlow. With --data and no --preset
    the model is `Pix2Pix()`, the paper's 256x256 network.

    The report compares L1 and PSNR on the held-out pairs with two trivial
    answers: the input itself and the mean colour of the training targets.
    """

    help = "Paired image-to-image translation (Isola et al., 2017)"
    default_epochs = 8
    default_batch_size = 8
    use_command = "keras-gans translate {out} IN OUT"
    model_args = ("data", "test_data", "direction", "preset")

    def add_arguments(self, parser):
        from keras_gans.models import Pix2Pix

        parser.add_argument(
            "--data",
            default=None,
            help="a folder of side-by-side A|B images, or one with A/ and "
            "B/ folders of matching file names; with train/ and val/ (or "
            "test/) inside, as the Pix2Pix data sets ship, val/ is held "
            "out (default: the embedded edges-to-photo pairs)",
        )
        parser.add_argument(
            "--test-data",
            default=None,
            help="held-out pairs for the grids and the report, in a "
            "layout --data takes",
        )
        parser.add_argument(
            "--direction",
            choices=("a_to_b", "b_to_a"),
            default="a_to_b",
            help="translate A to B (default) or B to A",
        )
        parser.add_argument(
            "--preset",
            choices=sorted(Pix2Pix.presets()),
            default=None,
            help="a named configuration (default: edges_to_photos for the "
            "embedded data, Pix2Pix() - the paper's 256x256 - with --data)",
        )
        parser.add_argument(
            "--jitter",
            action=_boolean_action(),
            default=True,
            help="random resize-and-crop of the training pairs, as in the "
            "paper (default: on)",
        )
        parser.add_argument(
            "--mirror",
            action=_boolean_action(),
            default=True,
            help="random horizontal flips of the training pairs (default: on)",
        )

    def model_kwargs(self, args):
        from keras_gans.models import Pix2Pix

        preset = args.preset
        if preset is None and args.data is None:
            preset = "edges_to_photos"
        return dict(Pix2Pix.presets()[preset]) if preset else {}

    def build_model(self, args):
        from keras_gans.models import Pix2Pix

        model = Pix2Pix(**self.model_kwargs(args), seed=args.seed)
        model.compile()
        return model

    def _pairs(self, args):
        """(train inputs, train targets, held-out inputs, held-out targets
        or None, None), uint8."""
        kwargs = self.model_kwargs(args)
        size = kwargs.get("image_size", 256)
        channels = (
            kwargs.get("input_channels", 3),
            kwargs.get("output_channels", 3),
        )
        if args.data is None:
            from keras_gans.data.edges_to_photos import load_edges_to_photos

            data = load_edges_to_photos(size)
            return (*data["train"], *data["test"])
        train_dir, held_out_dir = split_folders(args.data)
        held_out_dir = args.test_data or held_out_dir
        x, y = load_pair_folder(train_dir, size, channels, args.direction)
        if held_out_dir is None:
            return x, y, None, None
        tx, ty = load_pair_folder(held_out_dir, size, channels, args.direction)
        return x, y, tx, ty

    def load_data(self, args):
        from keras_gans.data.paired_images import PairedImageDataset

        x, y, tx, ty = self._pairs(args)
        self._held_out = (tx, ty) if tx is not None else None
        self._train_targets = y
        if args.batch_size > len(x):
            raise ValueError(
                f"Expected --batch-size at most the {len(x)} training "
                f"pairs. Received: --batch-size={args.batch_size}"
            )
        dataset = PairedImageDataset(
            x,
            y,
            batch_size=args.batch_size,
            jitter=args.jitter,
            mirror=args.mirror,
            seed=args.seed,
        )
        # The grids show held-out pairs when there are any.
        gx, gy = self._held_out or (x, y)
        picks = _evenly(len(gx), GRID_PAIRS)
        self._grid_pairs = (gx[picks], gy[picks])
        return {"x": dataset}

    def callbacks(self, args, model, out_dir):
        from keras_gans.callbacks import TranslationGrid

        return [TranslationGrid(out_dir, *self._grid_pairs)]

    def report(self, args, model, out_dir):
        if self._held_out is None:
            return {}
        import numpy as np

        from keras_gans.metrics import translation_scores

        inputs, targets = (
            a.astype("float32") / 127.5 - 1.0 for a in self._held_out
        )
        outputs = model.translate(inputs)
        mean = self._train_targets.reshape(-1, targets.shape[-1])
        mean = mean.mean(axis=0) / 127.5 - 1.0
        result = {"held_out_pairs": len(inputs)}
        guesses = {
            "pix2pix": outputs,
            "output_equals_input": inputs
            if inputs.shape == targets.shape
            else None,
            "mean_training_colour": np.broadcast_to(mean, targets.shape),
        }
        for name, guess in guesses.items():
            if guess is not None:
                result[name] = translation_scores(guess, targets)
        write_json(out_dir, "held_out.json", result)
        print(
            f"Held-out pairs: {len(inputs)} (L1 lower, PSNR higher is better)"
        )
        for name, scores in result.items():
            if isinstance(scores, dict):
                print(
                    f"  {name:22} L1 {scores['l1']:.3f}  "
                    f"PSNR {scores['psnr']:.2f} dB"
                )
        return {"held_out": result}


def _boolean_action():
    import argparse

    return argparse.BooleanOptionalAction


def _evenly(count, picks):
    import numpy as np

    return np.unique(
        np.linspace(0, count - 1, min(count, picks)).round().astype(int)
    )
