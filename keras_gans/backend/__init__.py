"""The only place in `keras_gans` that knows which backend is running.

Models, layers, losses and training steps call the functions below and stay
free of framework imports. Each backend module (`jax`, `tensorflow`,
`torch`) defines the same five names; the right one is picked once, at
import, from `keras.backend.backend()`.

- `run_train_step(model, step_fn, args)`: adapts Keras' per-backend
  `train_step` calling convention to a step written as `step_fn(data) ->
  logs`. On JAX it runs the step inside a `keras.StatelessScope` built from
  the trainer's state and returns `(logs, new_state)`.
- `value_and_grad(loss_fn, variables, optimizer=None)`: calls `loss_fn()`,
  which returns `(loss, aux)`, and returns `((loss, aux), grads)` with one
  gradient per variable. With an optimizer, the loss is scaled by it first
  (mixed precision); the reported loss is the unscaled one.
- `apply_gradients(optimizer, grads, variables)`.
- `input_gradient(fn, inputs)`: the gradient of `sum(fn(inputs))` with
  respect to `inputs`, itself differentiable (for gradient penalties).
- `in_compiled_step()`: whether the running step is traced into a graph.
"""

import keras

_BACKEND = keras.backend.backend()

if _BACKEND == "jax":
    from keras_gans.backend import jax as _impl
elif _BACKEND == "tensorflow":
    from keras_gans.backend import tensorflow as _impl
elif _BACKEND == "torch":
    from keras_gans.backend import torch as _impl
else:
    raise ImportError(
        "keras_gans supports the 'tensorflow', 'jax' and 'torch' Keras "
        f"backends. Received: KERAS_BACKEND={_BACKEND!r}"
    )

run_train_step = _impl.run_train_step
value_and_grad = _impl.value_and_grad
apply_gradients = _impl.apply_gradients
input_gradient = _impl.input_gradient
in_compiled_step = _impl.in_compiled_step


def name():
    """The name of the running Keras backend."""
    return _BACKEND
