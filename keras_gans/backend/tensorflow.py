"""TensorFlow side of the backend layer: gradient tapes."""

import tensorflow as tf
from keras import ops


def run_train_step(model, step_fn, args):
    (data,) = args
    return step_fn(data)


def value_and_grad(loss_fn, variables, optimizer=None):
    with tf.GradientTape() as tape:
        loss, aux = loss_fn()
        scaled = loss if optimizer is None else optimizer.scale_loss(loss)
    grads = tape.gradient(scaled, [v.value for v in variables])
    grads = [
        ops.zeros_like(v.value) if g is None else g
        for g, v in zip(grads, variables)
    ]
    return (loss, aux), grads


def apply_gradients(optimizer, grads, variables):
    optimizer.apply(grads, variables)


def input_gradient(fn, inputs):
    inputs = tf.convert_to_tensor(inputs)
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        outputs = fn(inputs)
        total = tf.reduce_sum(outputs)
    return tape.gradient(total, inputs)


def in_compiled_step():
    return not tf.executing_eagerly()
