import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../../cells/index.js';
import { initBackend } from '../../../src/backend/index.js';
import { firstLine } from '../../../src/errors.js';
import { relError } from '../../../src/kernels/index.js';
import { seededUniform } from '../../../src/random/uniform.js';
import type { CellSpace } from '../../../src/space/api.js';
import { CellSupernet } from '../../../src/supernet/index.js';
import { DARTS_BENCH, NB201_NETWORK } from '../../../supernets/index.js';
import { type Model, batch, evaluationNetwork, lossAndGrads } from '../../helpers/network-models.js';

// Every kernel of a training step at once, on webgpu (software adapter): the
// loss and the gradient of every variable of a DARTS evaluation network
// (auxiliary head), a relaxed NAS-Bench-201 supernet (against cpu) and a
// relaxed DARTS supernet (against wasm, whose kernels are checked against cpu
// elsewhere). Tiny shapes: llvmpipe is slow.
process.env['NAS_WEBGPU_ADAPTER'] = 'software';
const unavailable = await initBackend('webgpu').then(
  () => null,
  (error: unknown) => firstLine(error),
);

/**
 * A relaxed supernet's loss. `spreadAlphas` sets distinct architecture weights
 * (seeded, in [-1, 1]); without it the alphas keep their initialisation
 * (1e-3 * N(0, 1), as DARTS starts). The DARTS supernet keeps them: with
 * spread alphas on this seeded batch, the gradients upstream of the last
 * cell come out ~10% apart on wasm and webgpu, and the difference is wasm's
 * BatchNorm statistics kernel (`TfjsNasChannelMoments`, totals in doubles)
 * against tfjs's float32 `moments`: with that kernel unregistered, wasm agrees
 * with webgpu to 1e-5. Which is nearer the exact gradient is not settled.
 */
function relaxed(net: CellSupernet, spreadAlphas: boolean): Model {
  if (spreadAlphas)
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

const nb201 = () =>
  relaxed(
    new CellSupernet(spaceByName('nb201') as CellSpace, { ...NB201_NETWORK, channels: 4, cellsPerStage: 1, inputChannels: 1 }, { seed: 0 }),
    true,
  );
const dartsSupernet = () =>
  relaxed(new CellSupernet(spaceByName('darts') as CellSpace, { ...DARTS_BENCH, channels: 4, layers: 3 }, { seed: 0 }), false);

/** Loss and gradients, read with `await data()` (webgpu cannot read synchronously under Node). */
describe.skipIf(unavailable !== null)(`a training step on webgpu${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it.each([
    ['the DARTS_V2 evaluation network, C=4, 3 cells, auxiliary head', 'cpu', evaluationNetwork],
    ['the relaxed NAS-Bench-201 supernet, C=4, a cell per stage', 'cpu', nb201],
    ['the relaxed DARTS supernet, C=4, 3 cells', 'wasm', dartsSupernet],
  ] as const)(
    '%s: same loss and gradients as %s',
    async (_, reference, build) => {
      const expected = await lossAndGrads(reference, build);
      const actual = await lossAndGrads('webgpu', build);
      expect(Math.abs(actual.loss - expected.loss)).toBeLessThan(1e-4);
      expect(actual.grads.length).toBe(expected.grads.length);
      expected.grads.forEach((e, i) => expect(relError(actual.grads[i]!, e), `variable ${i}`).toBeLessThan(2e-3));
      const flat = (gs: Float32Array[]) => Float32Array.from(gs.flatMap((g) => Array.from(g)));
      expect(relError(flat(actual.grads), flat(expected.grads))).toBeLessThan(2e-4);
    },
    300_000,
  );
});
