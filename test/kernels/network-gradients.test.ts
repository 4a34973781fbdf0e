import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { relError } from '../../src/kernels/index.js';
import { seededUniform } from '../../src/random/uniform.js';
import type { CellSpace } from '../../src/space/api.js';
import { CellSupernet } from '../../src/supernet/index.js';
import { NB201_NETWORK } from '../../supernets/index.js';
import { type Model, batch, evaluationNetwork, lossAndGrads } from '../helpers/network-models.js';

// Every kernel of a training step at once: the loss and the gradient of every variable of a
// small DARTS evaluation network (with its auxiliary head) and of a small NAS-Bench-201
// supernet (relaxed, weights and architecture parameters), on wasm with the toolkit's kernels
// against the cpu backend's stock kernels. Channels are multiples of 4, so the SIMD heap
// kernels run. (A DARTS supernet's reduction cells have stride-2 dilated depthwise convs, which
// tfjs's cpu kernel refuses; the toolkit's cpu wrapper runs them, tested in depthwise-cpu.test.ts.)
function supernet(): Model {
  const net = new CellSupernet(
    spaceByName('nb201') as CellSpace,
    { ...NB201_NETWORK, channels: 4, cellsPerStage: 1, inputChannels: 1 },
    { seed: 0 },
  );
  // Distinct architecture weights, the same on both backends.
  net
    .archVariables()
    .forEach((alpha, i) => tf.tidy(() => alpha.assign(tf.tensor(seededUniform(alpha.size, `net-grad alpha ${i}`, -1, 1), alpha.shape))));
  const { x, labels } = batch();
  return {
    vars: [...net.weightVariables(), ...net.archVariables()],
    loss: () => tf.losses.softmaxCrossEntropy(labels, net.forward(x, { kind: 'relaxed' }, true)) as tf.Scalar,
    dispose: () => {
      tf.dispose([x, labels]);
      net.dispose();
    },
  };
}

describe('a training step on wasm (toolkit kernels) against cpu (stock tfjs)', () => {
  it.each([
    ['the DARTS_V2 evaluation network, C=4, 3 cells, auxiliary head', evaluationNetwork],
    ['the relaxed NAS-Bench-201 supernet, C=4, a cell per stage', supernet],
  ] as const)(
    '%s: same loss and gradients',
    async (_, build) => {
      const cpu = await lossAndGrads('cpu', build);
      const wasm = await lossAndGrads('wasm', build);
      expect(Math.abs(wasm.loss - cpu.loss)).toBeLessThan(1e-4);
      expect(wasm.grads.length).toBe(cpu.grads.length);
      cpu.grads.forEach((expected, i) => expect(relError(wasm.grads[i]!, expected), `variable ${i}`).toBeLessThan(2e-3));
      // The whole gradient, as one vector, closer still.
      const flat = (gs: Float32Array[]) => Float32Array.from(gs.flatMap((g) => Array.from(g)));
      expect(relError(flat(wasm.grads), flat(cpu.grads))).toBeLessThan(2e-4);
    },
    120_000,
  );
});
