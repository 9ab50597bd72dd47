"""Times one DCGAN training step: keras_gans against a hand-written loop.

For each backend, in its own process, the default `DCGAN()` (28x28x1,
100-d latents, batch 64, Adam(2e-4, beta_1=0.5), non-saturating loss, one
discriminator update per generator update) is trained with `fit` and the
same network and update are trained with a loop written in that backend's
own framework: torch.nn and torch.optim; jax.lax with optax; TensorFlow ops
with tf.function and GradientTape. Both run on the same random data in the
same process, alternating, and the median time per step is reported with
the ratio keras_gans / hand-written.

    python benchmarks/dcgan_step.py                # all three backends
    python benchmarks/dcgan_step.py --backend jax  # one backend
    KERAS_BACKEND=torch python benchmarks/dcgan_step.py --backend torch \
        --profile                                  # where torch's time goes

`--profile` (torch only) runs both loops under `torch.profiler` and prints,
per step, the time spent in each group of operators (convolutions forward
and backward, matrix products, memory copies and layout changes, other
element-wise kernels) and the rest of the wall time (Python and framework
dispatch), side by side.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

BATCH = 64
LATENT = 100
LR, BETA_1 = 2e-4, 0.5


# ---------------------------------------------------------------------------
# keras_gans


def keras_gans_runner(data):
    from keras_gans.models import DCGAN

    model = DCGAN(seed=0)
    model.compile()
    model.fit(data[: 3 * BATCH], epochs=1, batch_size=BATCH, verbose=0)

    def run(steps):
        start = time.perf_counter()
        model.fit(data[: steps * BATCH], epochs=1, batch_size=BATCH, verbose=0)
        return (time.perf_counter() - start) / steps

    return run


# ---------------------------------------------------------------------------
# torch


def torch_runner(data):
    import torch
    from torch import nn

    torch.manual_seed(0)

    class Generator(nn.Module):
        def __init__(self):
            super().__init__()
            self.project = nn.Linear(LATENT, 7 * 7 * 256, bias=False)
            self.bn0 = nn.BatchNorm1d(7 * 7 * 256, momentum=0.1, eps=1e-5)
            self.net = nn.Sequential(
                nn.ConvTranspose2d(256, 128, 5, 1, 2, bias=False),
                nn.BatchNorm2d(128, eps=1e-5),
                nn.LeakyReLU(0.2),
                nn.ConvTranspose2d(128, 64, 5, 2, 2, 1, bias=False),
                nn.BatchNorm2d(64, eps=1e-5),
                nn.LeakyReLU(0.2),
                nn.ConvTranspose2d(64, 1, 5, 2, 2, 1),
                nn.Tanh(),
            )

        def forward(self, z):
            x = nn.functional.leaky_relu(self.bn0(self.project(z)), 0.2)
            return self.net(x.view(-1, 256, 7, 7))

    discriminator = nn.Sequential(
        nn.Conv2d(1, 64, 5, 2, 2),
        nn.LeakyReLU(0.2),
        nn.Conv2d(64, 128, 5, 2, 2, bias=False),
        nn.BatchNorm2d(128, eps=1e-5),
        nn.LeakyReLU(0.2),
        nn.Flatten(),
        nn.Linear(7 * 7 * 128, 1),
    )
    generator = Generator()
    g_opt = torch.optim.Adam(generator.parameters(), LR, betas=(BETA_1, 0.999))
    d_opt = torch.optim.Adam(
        discriminator.parameters(), LR, betas=(BETA_1, 0.999)
    )
    images = torch.from_numpy(data).permute(0, 3, 1, 2).contiguous()
    softplus = nn.functional.softplus

    def step(real):
        fake = generator(torch.randn(BATCH, LATENT)).detach()
        d_loss = (
            softplus(-discriminator(real)).mean()
            + softplus(discriminator(fake)).mean()
        )
        d_opt.zero_grad(set_to_none=True)
        d_loss.backward()
        d_opt.step()
        fake = generator(torch.randn(BATCH, LATENT))
        g_loss = softplus(-discriminator(fake)).mean()
        g_opt.zero_grad(set_to_none=True)
        g_loss.backward()
        g_opt.step()

    def run(steps):
        start = time.perf_counter()
        for i in range(steps):
            step(images[i * BATCH : (i + 1) * BATCH])
        return (time.perf_counter() - start) / steps

    run(3)
    return run


# ---------------------------------------------------------------------------
# JAX


def jax_runner(data):
    import jax
    import jax.numpy as jnp
    import optax

    keys = iter(jax.random.split(jax.random.PRNGKey(0), 64))
    normal = jax.nn.initializers.normal(0.02)
    dims = ("NHWC", "HWIO", "NHWC")

    def bn_params(c):
        return {"gamma": jnp.ones(c), "beta": jnp.zeros(c)}

    def bn_state(c):
        return {"mean": jnp.zeros(c), "var": jnp.ones(c)}

    g = {
        "project": normal(next(keys), (LATENT, 7 * 7 * 256)),
        "bn0": bn_params(7 * 7 * 256),
        "t1": normal(next(keys), (5, 5, 256, 128)),
        "bn1": bn_params(128),
        "t2": normal(next(keys), (5, 5, 128, 64)),
        "bn2": bn_params(64),
        "t3": normal(next(keys), (5, 5, 64, 1)),
        "t3_bias": jnp.zeros(1),
    }
    g_stats = {
        "bn0": bn_state(7 * 7 * 256),
        "bn1": bn_state(128),
        "bn2": bn_state(64),
    }
    d = {
        "c1": normal(next(keys), (5, 5, 1, 64)),
        "c1_bias": jnp.zeros(64),
        "c2": normal(next(keys), (5, 5, 64, 128)),
        "bn2": bn_params(128),
        "dense": normal(next(keys), (7 * 7 * 128, 1)),
        "dense_bias": jnp.zeros(1),
    }
    d_stats = {"bn2": bn_state(128)}

    def batch_norm(x, params, stats, axes):
        mean, var = jnp.mean(x, axes), jnp.var(x, axes)
        new = {
            "mean": 0.9 * stats["mean"] + 0.1 * mean,
            "var": 0.9 * stats["var"] + 0.1 * var,
        }
        x = (x - mean) / jnp.sqrt(var + 1e-5)
        return x * params["gamma"] + params["beta"], new

    def deconv(x, kernel, stride):
        return jax.lax.conv_transpose(
            x, kernel, (stride, stride), "SAME", dimension_numbers=dims
        )

    def conv(x, kernel, stride):
        return jax.lax.conv_general_dilated(
            x, kernel, (stride, stride), "SAME", dimension_numbers=dims
        )

    def generate(p, stats, z):
        new = {}
        x = z @ p["project"]
        x, new["bn0"] = batch_norm(x, p["bn0"], stats["bn0"], (0,))
        x = jax.nn.leaky_relu(x, 0.2).reshape(-1, 7, 7, 256)
        x, new["bn1"] = batch_norm(
            deconv(x, p["t1"], 1), p["bn1"], stats["bn1"], (0, 1, 2)
        )
        x = jax.nn.leaky_relu(x, 0.2)
        x, new["bn2"] = batch_norm(
            deconv(x, p["t2"], 2), p["bn2"], stats["bn2"], (0, 1, 2)
        )
        x = jax.nn.leaky_relu(x, 0.2)
        return jnp.tanh(deconv(x, p["t3"], 2) + p["t3_bias"]), new

    def discriminate(p, stats, x):
        x = jax.nn.leaky_relu(conv(x, p["c1"], 2) + p["c1_bias"], 0.2)
        x, new = batch_norm(
            conv(x, p["c2"], 2), p["bn2"], stats["bn2"], (0, 1, 2)
        )
        x = jax.nn.leaky_relu(x, 0.2).reshape(x.shape[0], -1)
        return x @ p["dense"] + p["dense_bias"], {"bn2": new}

    g_tx = optax.adam(LR, b1=BETA_1)
    d_tx = optax.adam(LR, b1=BETA_1)

    @jax.jit
    def step(state, real, key):
        g, g_stats, d, d_stats, g_opt, d_opt = state
        k1, k2 = jax.random.split(key)
        fake, g_stats = generate(
            g, g_stats, jax.random.normal(k1, (BATCH, LATENT))
        )
        fake = jax.lax.stop_gradient(fake)

        def d_loss_fn(d, d_stats):
            real_logits, d_stats = discriminate(d, d_stats, real)
            fake_logits, d_stats = discriminate(d, d_stats, fake)
            loss = jnp.mean(jax.nn.softplus(-real_logits)) + jnp.mean(
                jax.nn.softplus(fake_logits)
            )
            return loss, d_stats

        grads, d_stats = jax.grad(d_loss_fn, has_aux=True)(d, d_stats)
        updates, d_opt = d_tx.update(grads, d_opt, d)
        d = optax.apply_updates(d, updates)

        def g_loss_fn(g, g_stats):
            fake, g_stats = generate(
                g, g_stats, jax.random.normal(k2, (BATCH, LATENT))
            )
            logits, _ = discriminate(d, d_stats, fake)
            return jnp.mean(jax.nn.softplus(-logits)), g_stats

        grads, g_stats = jax.grad(g_loss_fn, has_aux=True)(g, g_stats)
        updates, g_opt = g_tx.update(grads, g_opt, g)
        g = optax.apply_updates(g, updates)
        return g, g_stats, d, d_stats, g_opt, d_opt

    state = (g, g_stats, d, d_stats, g_tx.init(g), d_tx.init(d))
    images = jnp.asarray(data)
    key = jax.random.PRNGKey(1)

    def run(steps):
        nonlocal state, key
        start = time.perf_counter()
        for i in range(steps):
            key, sub = jax.random.split(key)
            state = step(state, images[i * BATCH : (i + 1) * BATCH], sub)
        jax.block_until_ready(state)
        return (time.perf_counter() - start) / steps

    run(3)
    return run


# ---------------------------------------------------------------------------
# TensorFlow


def tensorflow_runner(data):
    import tensorflow as tf

    tf.random.set_seed(0)
    init = tf.random_normal_initializer(stddev=0.02)

    def var(shape, value=None):
        return tf.Variable(init(shape) if value is None else value(shape))

    g = {
        "project": var((LATENT, 7 * 7 * 256)),
        "t1": var((5, 5, 128, 256)),
        "t2": var((5, 5, 64, 128)),
        "t3": var((5, 5, 1, 64)),
        "t3_bias": var((1,), tf.zeros),
    }
    d = {
        "c1": var((5, 5, 1, 64)),
        "c1_bias": var((64,), tf.zeros),
        "c2": var((5, 5, 64, 128)),
        "dense": var((7 * 7 * 128, 1)),
        "dense_bias": var((1,), tf.zeros),
    }
    for params, name, width in (
        (g, "bn0", 7 * 7 * 256),
        (g, "bn1", 128),
        (g, "bn2", 64),
        (d, "bn2", 128),
    ):
        params[name + "_gamma"] = var((width,), tf.ones)
        params[name + "_beta"] = var((width,), tf.zeros)
    stats = {
        key: (
            tf.Variable(tf.zeros(w), trainable=False),
            tf.Variable(tf.ones(w), trainable=False),
        )
        for key, w in (
            ("g_bn0", 7 * 7 * 256),
            ("g_bn1", 128),
            ("g_bn2", 64),
            ("d_bn2", 128),
        )
    }

    def batch_norm(x, params, name, key, axes):
        mean, var_ = tf.nn.moments(x, axes)
        moving_mean, moving_var = stats[key]
        moving_mean.assign(0.9 * moving_mean + 0.1 * mean)
        moving_var.assign(0.9 * moving_var + 0.1 * var_)
        return tf.nn.batch_normalization(
            x, mean, var_, params[name + "_beta"], params[name + "_gamma"], 1e-5
        )

    def deconv(x, kernel, size, stride):
        shape = (tf.shape(x)[0], size, size, kernel.shape[2])
        return tf.nn.conv2d_transpose(x, kernel, shape, stride, "SAME")

    def generate(z):
        x = batch_norm(z @ g["project"], g, "bn0", "g_bn0", [0])
        x = tf.reshape(tf.nn.leaky_relu(x, 0.2), (-1, 7, 7, 256))
        x = batch_norm(deconv(x, g["t1"], 7, 1), g, "bn1", "g_bn1", [0, 1, 2])
        x = tf.nn.leaky_relu(x, 0.2)
        x = batch_norm(deconv(x, g["t2"], 14, 2), g, "bn2", "g_bn2", [0, 1, 2])
        x = tf.nn.leaky_relu(x, 0.2)
        return tf.tanh(deconv(x, g["t3"], 28, 2) + g["t3_bias"])

    def discriminate(x):
        x = tf.nn.leaky_relu(
            tf.nn.conv2d(x, d["c1"], 2, "SAME") + d["c1_bias"], 0.2
        )
        x = batch_norm(
            tf.nn.conv2d(x, d["c2"], 2, "SAME"), d, "bn2", "d_bn2", [0, 1, 2]
        )
        x = tf.reshape(tf.nn.leaky_relu(x, 0.2), (tf.shape(x)[0], -1))
        return x @ d["dense"] + d["dense_bias"]

    class Adam:
        def __init__(self, variables):
            self.variables = list(variables)
            self.m = [tf.Variable(tf.zeros_like(v)) for v in self.variables]
            self.v = [tf.Variable(tf.zeros_like(v)) for v in self.variables]
            self.t = tf.Variable(0.0)

        def apply(self, grads):
            self.t.assign_add(1.0)
            scale = LR * tf.sqrt(1 - 0.999**self.t) / (1 - BETA_1**self.t)
            for var_, grad, m, v in zip(self.variables, grads, self.m, self.v):
                m.assign(BETA_1 * m + (1 - BETA_1) * grad)
                v.assign(0.999 * v + 0.001 * tf.square(grad))
                var_.assign_sub(scale * m / (tf.sqrt(v) + 1e-7))

    g_vars, d_vars = list(g.values()), list(d.values())
    g_opt, d_opt = Adam(g_vars), Adam(d_vars)
    softplus = tf.nn.softplus

    @tf.function
    def step(real):
        fake = tf.stop_gradient(generate(tf.random.normal((BATCH, LATENT))))
        with tf.GradientTape() as tape:
            d_loss = tf.reduce_mean(
                softplus(-discriminate(real))
            ) + tf.reduce_mean(softplus(discriminate(fake)))
        d_opt.apply(tape.gradient(d_loss, d_vars))
        with tf.GradientTape() as tape:
            fake = generate(tf.random.normal((BATCH, LATENT)))
            g_loss = tf.reduce_mean(softplus(-discriminate(fake)))
        g_opt.apply(tape.gradient(g_loss, g_vars))
        return g_loss

    images = tf.constant(data)

    def run(steps):
        start = time.perf_counter()
        for i in range(steps):
            loss = step(images[i * BATCH : (i + 1) * BATCH])
        loss.numpy()
        return (time.perf_counter() - start) / steps

    run(3)
    return run


# ---------------------------------------------------------------------------
# Where torch's time goes

_GROUPS = (
    ("convolution backward", ("convolution_backward",)),
    ("convolution forward", ("convolution", "conv_transpose", "conv2d")),
    ("matrix products", ("aten::mm", "aten::addmm", "aten::bmm")),
    (
        "copies and layout",
        ("copy_", "clone", "contiguous", "permute", "_to_copy", "slice",
         "constant_pad", "empty_strided", "as_strided", "cat"),
    ),
)


def _group(name):
    for group, needles in _GROUPS:
        if any(needle in name for needle in needles):
            return group
    return "other operators"


def profile_torch(data, steps):
    from torch.profiler import ProfilerActivity
    from torch.profiler import profile

    rows = {}
    for label, runner in (
        ("keras_gans", keras_gans_runner),
        ("hand_written", torch_runner),
    ):
        run = runner(data)
        run(steps)
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            wall = run(steps) * steps
        groups = {}
        for event in prof.key_averages():
            if not event.key.startswith("aten::"):
                continue
            group = _group(event.key)
            groups[group] = groups.get(group, 0.0) + event.self_cpu_time_total
        per_step = {k: v / 1e3 / steps for k, v in groups.items()}
        per_step["python and dispatch"] = max(
            0.0, wall * 1e3 / steps - sum(per_step.values())
        )
        per_step["wall"] = wall * 1e3 / steps
        rows[label] = per_step
    names = [g for g, _ in _GROUPS] + [
        "other operators",
        "python and dispatch",
        "wall",
    ]
    print(f"{'ms per step (profiled)':<24} {'keras_gans':>11} {'hand':>8}")
    for name in names:
        ours = rows["keras_gans"].get(name, 0.0)
        theirs = rows["hand_written"].get(name, 0.0)
        print(f"{name:<24} {ours:11.1f} {theirs:8.1f}")


# ---------------------------------------------------------------------------


def measure(backend, steps, rounds):
    import numpy as np

    data = (
        np.random.default_rng(0)
        .uniform(-1, 1, (steps * BATCH, 28, 28, 1))
        .astype("float32")
    )
    native = {
        "torch": torch_runner,
        "jax": jax_runner,
        "tensorflow": tensorflow_runner,
    }[backend](data)
    ours = keras_gans_runner(data)
    times = {"keras_gans": [], "hand_written": []}
    for _ in range(rounds):
        times["keras_gans"].append(ours(steps))
        times["hand_written"].append(native(steps))
    result = {k: statistics.median(v) for k, v in times.items()}
    result["ratio"] = result["keras_gans"] / result["hand_written"]
    result["backend"] = backend
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["tensorflow", "jax", "torch"])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--profile",
        action="store_true",
        help="torch only: where each loop's time goes, by operator group",
    )
    args = parser.parse_args()
    if args.profile:
        if args.backend != "torch" or os.environ.get("KERAS_BACKEND") != (
            "torch"
        ):
            raise SystemExit(
                "--profile needs KERAS_BACKEND=torch and --backend torch."
            )
        import numpy as np

        data = (
            np.random.default_rng(0)
            .uniform(-1, 1, (args.steps * BATCH, 28, 28, 1))
            .astype("float32")
        )
        profile_torch(data, args.steps)
        return
    if args.backend:
        if os.environ.get("KERAS_BACKEND") != args.backend:
            raise SystemExit(
                f"Run with KERAS_BACKEND={args.backend} (the backend is "
                "fixed when keras is imported)."
            )
        print(json.dumps(measure(args.backend, args.steps, args.rounds)))
        return
    rows = []
    for backend in ("tensorflow", "jax", "torch"):
        env = dict(os.environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="3")
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--backend",
                backend,
                "--steps",
                str(args.steps),
                "--rounds",
                str(args.rounds),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
    print(
        f"{'backend':<11} {'keras_gans':>12} {'hand-written':>13} {'ratio':>7}"
    )
    for row in rows:
        print(
            f"{row['backend']:<11} {row['keras_gans'] * 1e3:9.1f} ms "
            f"{row['hand_written'] * 1e3:10.1f} ms {row['ratio']:7.2f}"
        )


if __name__ == "__main__":
    main()
