import * as tf from '@tensorflow/tfjs';
import { namedGenotype, spaceByName } from '../../cells/index.js';
import { initBackend } from '../../src/backend/index.js';
import { seededUniform } from '../../src/random/uniform.js';
import { evalSkeleton } from '../../src/retrain/index.js';
import type { CellArchitecture, CellSpace } from '../../src/space/api.js';
import { FixedNetwork } from '../../src/supernet/index.js';
import { gradsOf } from '../../src/train/grads.js';

/**
 * Whole-network gradient fixtures shared by the backend comparisons (wasm
 * against cpu, webgpu against cpu and wasm): a model is its variables, a loss
 * and what frees them; tiny seeded shapes so every backend can run them.
 */
export interface Model {
  readonly vars: tf.Variable[];
  readonly loss: () => tf.Scalar;
  readonly dispose: () => void;
}

export const BATCH = 3;
/** The smallest input whose second reduction leaves the auxiliary head its 5x5. */
export const SIZE = 20;

/** A seeded batch of 1-channel `SIZE` images with three labels (one-hot, 10 classes). */
export function batch(): { x: tf.Tensor4D; labels: tf.Tensor2D } {
  const x = tf.tensor4d(seededUniform(BATCH * SIZE * SIZE, 'net-grad x', -2, 2), [BATCH, SIZE, SIZE, 1]);
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([3, 7, 1], 'int32'), 10) as tf.Tensor2D);
  return { x, labels };
}

/** DARTS_V2's evaluation network (C=4, 3 cells, auxiliary head weighted 0.4) on `batch()`. */
export function evaluationNetwork(): Model {
  const net = new FixedNetwork(
    spaceByName('darts') as CellSpace,
    { ...evalSkeleton('darts', 4, 3), inputChannels: 1, classes: 10 },
    namedGenotype('DARTS_V2') as CellArchitecture,
    { seed: 0, affine: true, auxiliary: true, inputSize: SIZE },
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

/** On `backend`: a model's loss and the gradient of every variable (zeros where it has none), read without synchronous reads. */
export async function lossAndGrads(backend: string, build: () => Model): Promise<{ loss: number; grads: Float32Array[] }> {
  await initBackend(backend);
  const model = build();
  const { value, grads } = gradsOf(model.loss, model.vars);
  const filled = grads.map((g, i) => g ?? tf.zerosLike(model.vars[i]!));
  const out = { loss: (await value.data())[0]!, grads: (await Promise.all(filled.map((g) => g.data()))) as Float32Array[] };
  tf.dispose([value, ...filled]);
  model.dispose();
  return out;
}
