import type * as tf from '@tensorflow/tfjs';

/** One input of a gradient check and the kernel that computes its gradient. */
export interface GradInput {
  readonly name: string;
  readonly shape: readonly number[];
  /** The kernel or gradient under test for this input, e.g. `Conv2DBackpropFilter`. */
  readonly kernel: string;
}

/**
 * One gradient check: a differentiable function of some inputs, run on the
 * backend under test and, as reference, on the cpu backend.
 */
export interface GradCase {
  /** The forward op, e.g. `conv2d`. */
  readonly op: string;
  /** What makes this case distinct (sizes, stride, padding ...). */
  readonly label: string;
  readonly inputs: readonly GradInput[];
  /** The function whose input gradients are checked. */
  readonly fn: (...inputs: tf.Tensor[]) => tf.Tensor;
  /**
   * An equivalent computation whose cpu gradient does not go through the
   * toolkit's own kernels or gradients (e.g. dilation folded into a
   * zero-filled filter). Without it the reference is `fn` on cpu, which is
   * independent only where the toolkit registers nothing for cpu.
   */
  readonly reference?: (...inputs: tf.Tensor[]) => tf.Tensor;
  /** Backends whose forward op supports the case (default: all). */
  readonly backends?: readonly string[];
}

/** The result of one input's gradient in one case. */
export interface GradCheckResult {
  readonly op: string;
  readonly label: string;
  readonly input: string;
  readonly kernel: string;
  /** max |g - g_ref| / max |g_ref|. */
  readonly relError: number;
}
