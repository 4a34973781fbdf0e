import * as tf from '@tensorflow/tfjs';
import { withFrozenStatistics } from '../../ops/index.js';
import type { ZeroCostProxy } from './api.js';
import { cholesky, logDet } from './spd.js';

/**
 * Which units every `Relu` kernel the active backend runs inside `fn` left
 * active (1) or not (0), one `[batch, units]` code per call: the network's
 * ReLUs are inside its ops, so they are caught where every op goes through,
 * the kernel registry (the kernel is wrapped for the duration and restored in
 * a `finally`, as `traceKernels` does). The outputs are read as they are
 * made, since the network frees most of them before it returns.
 */
function reluCodes(fn: () => void): { values: Float32Array; units: number }[] {
  const backend = tf.getBackend();
  const original = tf.getKernel(tf.Relu, backend);
  if (original === undefined) throw new Error(`naswot: the ${backend} backend has no Relu kernel`);
  const codes: { values: Float32Array; units: number }[] = [];
  tf.unregisterKernel(tf.Relu, backend);
  tf.registerKernel({
    ...original,
    kernelFunc: (args) => {
      const out = original.kernelFunc(args) as tf.TensorInfo;
      const read = tf.backend().readSync(out.dataId) as Float32Array;
      const values = new Float32Array(read.length);
      for (let i = 0; i < read.length; i++) values[i] = read[i]! > 0 ? 1 : 0;
      codes.push({ values, units: read.length / (out.shape[0] ?? 1) });
      return out;
    },
  });
  try {
    fn();
  } finally {
    tf.unregisterKernel(tf.Relu, backend);
    tf.registerKernel(original);
  }
  return codes;
}

/** The score of a singular activation kernel; see `naswot`. */
export const SINGULAR_SCORE = -1;

/**
 * NASWOT (Mellor et al., "Neural Architecture Search without Training",
 * ICML 2021): each image of a batch gets a binary code, whether each ReLU
 * unit of the network is active; `K[i][j]` counts the units where images i
 * and j agree (the number of units minus the codes' Hamming distance), and
 * the score is `ln |det K|` (networks that tell the images apart score
 * higher). Read from the `Relu` kernels of one training-mode forward pass.
 */
export const naswot: ZeroCostProxy = {
  name: 'naswot',
  needsBatch: true,
  summary: 'log-determinant of the ReLU activation-pattern kernel (Mellor et al. 2021), one batch',
  score({ net, batch }) {
    const n = batch!.x.shape[0];
    const codes = reluCodes(() =>
      tf.tidy(() => {
        withFrozenStatistics(() => net.forward(batch!.x, true));
      }),
    );
    const k = tf.tidy(() => {
      const terms = codes.map(({ values, units }) => {
        const code = tf.tensor2d(values, [n, units]);
        const off = tf.sub(1, code);
        return tf.add(tf.matMul(code, code, false, true), tf.matMul(off, off, false, true));
      });
      return (terms.length === 0 ? tf.zeros([n, n]) : tf.addN(terms)).dataSync();
    });
    const l = cholesky(Float64Array.from(k), n);
    // K is an integer matrix, so |det K| >= 1 unless it is singular (two images with the same code): -1 is below every other score.
    return l === null ? SINGULAR_SCORE : logDet(l, n);
  },
};
