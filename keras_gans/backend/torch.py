"""PyTorch side of the backend layer: autograd, eager execution."""

import torch
from keras import ops


def run_train_step(model, step_fn, args):
    (data,) = args
    return step_fn(data)


def value_and_grad(loss_fn, variables, optimizer=None):
    loss, aux = loss_fn()
    scaled = loss if optimizer is None else optimizer.scale_loss(loss)
    grads = torch.autograd.grad(
        scaled, [v.value for v in variables], allow_unused=True
    )
    grads = [
        ops.zeros_like(v.value) if g is None else g
        for g, v in zip(grads, variables)
    ]
    return (loss.detach(), aux), grads


def apply_gradients(optimizer, grads, variables):
    with torch.no_grad():
        optimizer.apply(grads, variables)


def input_gradient(fn, inputs):
    # Inputs that already carry a graph keep it, so that a penalty can reach
    # the network that produced them; `create_graph=True` makes the result
    # differentiable again (double backward), which is why such steps cannot
    # run under torch.compile.
    if not inputs.requires_grad:
        inputs = inputs.detach().requires_grad_(True)
    outputs = fn(inputs)
    (grad,) = torch.autograd.grad(outputs.sum(), inputs, create_graph=True)
    return grad


def in_compiled_step():
    return bool(torch.compiler.is_compiling())
