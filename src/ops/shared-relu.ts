import * as tf from '@tensorflow/tfjs';

/** The ReLUs of the scope in progress, by input tensor (null: no scope, every call computes). */
let scope: Map<tf.Tensor, tf.Tensor> | null = null;

/**
 * `relu(x)`, computed once per input tensor within {@link withSharedRelu}.
 * Every conv op of the DARTS and NB201 spaces starts with a ReLU of its
 * input, and in a supernet the ops of all edges leaving a node read that
 * same node: a DARTS cell computed ReLU of each state up to 16 times (4 conv
 * ops on each of its 2-4 outgoing edges), each saved for the backward pass
 * and each with its own gradient. Shared, the forward is one pass per state,
 * the tape keeps one copy, and the backward sums the consumers' gradients
 * before one ReLU gradient: the same function (ReLU's mask distributes over
 * the sum), one launch instead of many on a GPU and less memory everywhere.
 */
export function sharedRelu(x: tf.Tensor4D): tf.Tensor4D {
  if (scope === null) return tf.relu(x);
  const known = scope.get(x);
  if (known !== undefined && !known.isDisposed) return known as tf.Tensor4D;
  const y = tf.relu(x);
  scope.set(x, y);
  return y;
}

/**
 * Run `f` (one cell's forward pass) with ReLUs shared by input tensor
 * (`sharedRelu`). Nested calls join the outer scope; the scope is dropped
 * when the outermost returns, so no tensor is cached past the pass that
 * made it (its lifetime stays the caller's tidy scope or tape).
 */
export function withSharedRelu<T>(f: () => T): T {
  if (scope !== null) return f();
  scope = new Map();
  try {
    return f();
  } finally {
    scope = null;
  }
}
