/**
 * The retraining step the retraining benchmarks time or profile: forward with
 * the auxiliary head and drop-path, backward, SGD update, of the DARTS
 * evaluation network with the genotype of docs/results/darts-fmnist-2000, on
 * one fixed Fashion-MNIST-shaped batch (the wasm backend must be set up).
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { spaceByName } from '../cells/index.js';
import { evalSkeleton } from '../src/retrain/index.js';
import { gradsOf } from '../src/train/grads.js';
import { SgdMomentum } from '../src/train/optim/index.js';
import { genotypeFromJson } from '../src/space/index.js';
import type { CellArchitecture, CellSpace } from '../src/space/api.js';
import { DropPath, FixedNetwork } from '../src/supernet/index.js';

export interface RetrainStepShape {
  readonly channels: number;
  readonly layers: number;
  readonly batch: number;
}

export function retrainStep({ channels, layers, batch }: RetrainStepShape): () => void {
  const space = spaceByName('darts') as CellSpace;
  const genotype = genotypeFromJson(space, readFileSync('docs/results/darts-fmnist-2000/genotype.json', 'utf8')) as CellArchitecture;
  const dropPath = new DropPath();
  dropPath.set(0.1, 'bench');
  const net = new FixedNetwork(space, { ...evalSkeleton('darts', channels, layers), inputChannels: 1, classes: 10 }, genotype, {
    seed: 0,
    affine: true,
    auxiliary: true,
    inputSize: 28,
    dropPath,
  });
  const vars = net.network.parameters();
  const optimizer = new SgdMomentum(vars, { momentum: 0.9, weightDecay: 3e-4 });
  const x = tf.randomNormal([batch, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  const labels = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: batch }, (_, i) => i % 10),
      'int32',
    ),
    10,
  );
  return () => {
    const { value, grads } = gradsOf(() => {
      const { logits, aux } = net.forwardWithAux(x, true);
      const main = tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
      return (aux ? tf.add(main, tf.mul(0.4, tf.losses.softmaxCrossEntropy(labels, aux))) : main) as tf.Scalar;
    }, vars);
    optimizer.apply(grads, 0.025);
    value.dataSync();
    tf.dispose([value, ...grads.filter((g): g is tf.Tensor => g !== null)]);
  };
}

export function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
