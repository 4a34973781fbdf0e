import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { namedGenotype, spaceByName } from '../../cells/index.js';
import { initBackend } from '../../src/backend/index.js';
import { relError } from '../../src/kernels/index.js';
import { seededUniform } from '../../src/random/uniform.js';
import { evalSkeleton } from '../../src/retrain/index.js';
import { gradsOf } from '../../src/train/grads.js';
import type { CellArchitecture, CellSpace } from '../../src/space/api.js';
import { CellSupernet, FixedNetwork } from '../../src/supernet/index.js';
import { NB201_NETWORK } from '../../supernets/index.js';

// Every kernel of a training step at once: the loss and the gradient of every variable of a
// small DARTS evaluation network (with its auxiliary head) and of a small NAS-Bench-201
// supernet (relaxed, weights and architecture parameters), on wasm with the toolkit's kernels
// against the cpu backend's stock kernels. Channels are multiples of 4, so the SIMD heap
// kernels run. (A DARTS supernet cannot run on cpu: its reduction cells have stride-2 dilated
// depthwise convs, which tfjs's cpu kernel refuses.)
interface Model {
  readonly vars: tf.Variable[];
  readonly loss: () => tf.Scalar;
  readonly dispose: () => void;
}

const BATCH = 3;
/** The smallest input whose second reduction leaves the auxiliary head its 5x5. */
const SIZE = 20;

function batch(): { x: tf.Tensor4D; labels: tf.Tensor2D } {
  const x = tf.tensor4d(seededUniform(BATCH * SIZE * SIZE, 'net-grad x', -2, 2), [BATCH, SIZE, SIZE, 1]);
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([3, 7, 1], 'int32'), 10) as tf.Tensor2D);
  return { x, labels };
}

function evaluationNetwork(): Model {
  const space = spaceByName('darts') as CellSpace;
  const net = new FixedNetwork(
    space,
    { ...evalSkeleton('darts', 4, 3), inputChannels: 1, classes: 10 },
    namedGenotype('DARTS_V2') as CellArchitecture,
    {
      seed: 0,
      affine: true,
      auxiliary: true,
      inputSize: SIZE,
    },
  );
  const { x, labels } = batch();
  return {
    vars: net.network.parameters(),
    loss: () => {
      const { logits, aux } = net.forwardWithAux(x, true);
      const main = tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
      return (aux ? tf.add(main, tf.mul(0.4, tf.losses.softmaxCrossEntropy(labels, aux))) : main) as tf.Scalar;
    },
    dispose: () => {
      tf.dispose([x, labels]);
      net.dispose();
    },
  };
}

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

async function lossAndGrads(backend: string, build: () => Model): Promise<{ loss: number; grads: Float32Array[] }> {
  await initBackend(backend);
  const model = build();
  const { value, grads } = gradsOf(model.loss, model.vars);
  const out = { loss: value.dataSync()[0]!, grads: grads.map((g, i) => (g ?? tf.zerosLike(model.vars[i]!)).dataSync() as Float32Array) };
  tf.dispose([value, ...grads.filter((g): g is tf.Tensor => g !== null)]);
  model.dispose();
  return out;
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
