import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { DARTS_BENCH } from '../../supernets/index.js';
import type { CellSpace } from '../../src/space/api.js';
import { CellSupernet } from '../../src/supernet/index.js';
import { crossEntropy, gradsOf } from '../../src/train/index.js';

/** Loss, every weight/alpha gradient and the BN running statistics after one relaxed backward pass. */
function oneBackward(recomputeCells: boolean) {
  const net = new CellSupernet(spaceByName('darts') as CellSpace, { ...DARTS_BENCH, channels: 4, layers: 3 }, { seed: 4, recomputeCells });
  const result = tf.tidy(() => {
    const x = tf.randomNormal([3, 8, 8, 1], 0, 1, 'float32', 9) as tf.Tensor4D;
    const y = tf.tensor1d([1, 4, 7], 'int32');
    const vars = [...net.weightVariables(), ...net.archVariables()];
    const { value, grads } = gradsOf(() => crossEntropy(net.forward(x, { kind: 'relaxed' }), y), vars);
    return {
      loss: value.dataSync()[0]!,
      grads: grads.map((g) => Array.from(g!.dataSync())),
      buffers: net.weightBuffers().map((b) => Array.from(b.dataSync())),
    };
  });
  net.dispose();
  return result;
}

describe('recomputing cells in the backward pass', () => {
  it('gives the same loss, gradients and BatchNorm statistics as keeping activations', () => {
    const kept = oneBackward(false);
    const recomputed = oneBackward(true);
    expect(recomputed.loss).toBe(kept.loss);
    expect(recomputed.grads.length).toBe(kept.grads.length);
    recomputed.grads.forEach((g, i) => {
      const scale = Math.max(1e-6, ...kept.grads[i]!.map(Math.abs));
      const diff = Math.max(...g.map((v, j) => Math.abs(v - kept.grads[i]![j]!)));
      expect(diff / scale, `gradient ${i}`).toBeLessThan(1e-5);
    });
    expect(recomputed.buffers).toEqual(kept.buffers);
  });
});
