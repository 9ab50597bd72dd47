"""JAX side of the backend layer.

Keras' JAX trainer is functional: `train_step(state, data)` receives the
values of every variable and must return new ones. Here the whole GAN step
runs inside one `keras.StatelessScope` that maps each tracked variable to its
value in `state`; reads and `assign`s inside the step go through that scope,
and the new state is read back from it at the end.

Differentiation needs the variables as function arguments, so
`value_and_grad` opens a nested scope in which the differentiated variables
are bound to `jax.value_and_grad`'s arguments. A nested scope does not read
through to the outer one, so it receives the full mapping, and the updates
made inside it (BatchNorm statistics, seed generators) are carried back to
the outer scope afterwards.
"""

import jax
import jax.numpy as jnp
import keras
from keras.src.backend.common.stateless_scope import get_stateless_scope

# The variables of the model whose step is running, so that nested scopes can
# be given a full mapping. A list, because steps do not nest but tests may
# run a step while another model is being traced.
_RUNNING = []


class _Running:
    def __init__(self, variables, traced):
        self.variables = variables
        self.traced = traced


def _state_variables(model):
    return (
        model.trainable_variables,
        model.non_trainable_variables,
        model.optimizer.variables,
        model.metrics_variables,
    )


def run_train_step(model, step_fn, args):
    state, data = args
    groups = _state_variables(model)
    if len(groups) != len(state) or any(
        len(g) != len(s) for g, s in zip(groups, state)
    ):
        raise RuntimeError(
            "The JAX training state does not match the model's variables: "
            f"expected group sizes {[len(g) for g in groups]}, received "
            f"{[len(s) for s in state]}. A variable was probably created or "
            "attached to the model after training started."
        )
    mapping = [
        (v, value)
        for variables, values in zip(groups, state)
        for v, value in zip(variables, values)
    ]
    leaves = jax.tree_util.tree_leaves(state)
    traced = bool(leaves) and isinstance(leaves[0], jax.core.Tracer)
    all_variables = [v for v, _ in mapping]
    _RUNNING.append(_Running(all_variables, traced))
    try:
        with keras.StatelessScope(state_mapping=mapping) as scope:
            logs = step_fn(data)
    finally:
        _RUNNING.pop()
    new_state = tuple(
        [scope.get_current_value(v) for v in variables] for variables in groups
    )
    return logs, new_state


def _outer_scope():
    scope = get_stateless_scope()
    if scope is None or not _RUNNING:
        raise RuntimeError(
            "keras_gans.backend.value_and_grad must be called inside a "
            "training step run by keras_gans.backend.run_train_step on JAX."
        )
    return scope, _RUNNING[-1].variables


def _current_mapping(scope, variables):
    mapping = {}
    for v in variables:
        value = scope.get_current_value(v)
        mapping[id(v)] = (v, v.value if value is None else value)
    return mapping


def _scoped_call(fn, scope, all_variables, overrides):
    """Runs `fn` in a nested scope; returns its result and the updates."""
    mapping = _current_mapping(scope, all_variables)
    for v, value in overrides:
        mapping[id(v)] = (v, value)
    inner = keras.StatelessScope(state_mapping=list(mapping.values()))
    before = dict(inner.state_mapping)
    with inner:
        result = fn()
    updates = []
    for v in all_variables:
        after = inner.get_current_value(v)
        changed = after is not None and after is not before.get(id(v))
        updates.append(after if changed else None)
    return result, updates


def _write_back(scope, all_variables, updates):
    for v, value in zip(all_variables, updates):
        if value is not None:
            scope.add_update((v, value))


def value_and_grad(loss_fn, variables, optimizer=None):
    scope, all_variables = _outer_scope()
    variables = list(variables)

    def scaled_loss(values):
        (loss, aux), updates = _scoped_call(
            loss_fn, scope, all_variables, zip(variables, values)
        )
        scaled = loss if optimizer is None else optimizer.scale_loss(loss)
        return scaled, (loss, aux, updates)

    values = [
        scope.get_current_value(v)
        if scope.get_current_value(v) is not None
        else v.value
        for v in variables
    ]
    grad_fn = jax.value_and_grad(scaled_loss, has_aux=True)
    (_, (loss, aux, updates)), grads = grad_fn(values)
    # Updates to the differentiated variables themselves are not state
    # changes (they were bound to the arguments); drop them.
    differentiated = {id(v) for v in variables}
    updates = [
        None if id(v) in differentiated else u
        for v, u in zip(all_variables, updates)
    ]
    _write_back(scope, all_variables, updates)
    return (loss, aux), grads


def apply_gradients(optimizer, grads, variables):
    # The optimizer's own `assign`s land in the running scope.
    optimizer.apply(grads, variables)


def input_gradient(fn, inputs):
    scope = get_stateless_scope()

    def total(x):
        if scope is None or not _RUNNING:
            return jnp.sum(fn(x))
        # State changes made while differentiating (BatchNorm statistics of
        # a critic called in training mode) are discarded: they would leak
        # tracers out of this transformation and are not part of a penalty.
        result, _ = _scoped_call(
            lambda: fn(x), scope, _RUNNING[-1].variables, []
        )
        return jnp.sum(result)

    return jax.grad(total)(inputs)


def in_compiled_step():
    return bool(_RUNNING) and _RUNNING[-1].traced
