import * as tf from '@tensorflow/tfjs';
import { NasError } from '../../errors.js';
import type { Skeleton } from '../../../supernets/index.js';
import { supernetEdges } from '../../space/index.js';
import type { SearchSpace } from '../../space/api.js';
import { genotypeEdgeOps, type FixedNetwork } from '../../supernet/index.js';

/** The NB201 network's output on the all-ones image as a mantissa and the natural log of its scale: output = `sum(mantissa) * e^log`. */
export interface ScaledOutput {
  readonly mantissa: tf.Tensor2D;
  readonly log: number;
}

/** Cell ops the linearised network knows: `kxk` convolutions (ReLU-Conv-BN), identity, pooling, none. */
function edgeOp(name: string): { kind: 'conv'; prefix: string } | { kind: 'identity' | 'avg' | 'max' | 'none' } {
  if (/^(nor_)?conv_\d+x\d+$/.test(name)) return { kind: 'conv', prefix: `${name}.conv.weight` };
  if (name === 'skip_connect') return { kind: 'identity' };
  if (name === 'avg_pool_3x3') return { kind: 'avg' };
  if (name === 'max_pool_3x3') return { kind: 'max' };
  if (name === 'none') return { kind: 'none' };
  throw new NasError(`synflow's NB201 network has no rule for op '${name}'`);
}

/** Whether `linearNb201` runs networks of this space and skeleton: the NB201 network of one-input cells ending in their last node. */
export function checkLinearNb201(space: SearchSpace, skeleton: Skeleton): void {
  if (skeleton.kind !== 'nb201' || space.kind !== 'cell' || space.inputs !== 1 || space.output !== 'last-node')
    throw new NasError(
      `synflow runs on the NB201 network of one-input cells; the ${space.name} space on the ${skeleton.kind} network is not supported`,
    );
  for (const op of space.ops) edgeOp(op);
}

/**
 * Divide `m` by its largest entry and add that entry's logarithm to `log`,
 * so products over many layers stay in float32's range. The divisor is read
 * as a plain number, so it is a constant to the gradient: every path through
 * this point is scaled by the same factor and the mantissa stays a multilinear
 * function of the weights. A zero map (a cell with no path through it) stays zero.
 */
function rescale(m: tf.Tensor4D, log: number): { m: tf.Tensor4D; log: number } {
  const peak = tf.tidy(() => tf.max(m).dataSync()[0] ?? 0);
  if (!(peak > 0)) return { m, log };
  return { m: tf.mul(m, tf.scalar(1 / peak)) as tf.Tensor4D, log: log + Math.log(peak) };
}

/**
 * The NB201 network of a `FixedNetwork` with BatchNorm removed, run on the
 * all-ones image with the given (absolute) weights, the activations rescaled
 * after the stem, every cell and every reduction block. Everything the
 * network does is then positively homogeneous: convolutions and the
 * classifier with non-negative weights, identity, average pooling, and ReLU
 * and max pooling on non-negative inputs, so ReLUs are left out. The
 * classifier's bias enters the mantissa times `e^-log`. Mirrors
 * `Nb201Network` (same parameter names, 'same' padding, stride-2 convs of
 * the reduction block, 2x2 average-pooled 1x1 shortcut); the tests check it
 * against the network's own forward pass. Call inside `tf.tidy` or a gradient function.
 */
export function linearNb201(
  fixed: FixedNetwork,
  weights: ReadonlyMap<string, tf.Tensor>,
  image: readonly [number, number, number],
): ScaledOutput {
  const { skeleton, genotype, space } = fixed;
  checkLinearNb201(space, skeleton);
  if (skeleton.kind !== 'nb201' || space.kind !== 'cell' || genotype.kind !== 'cell') throw new Error('synflow: checked above');
  const w = (name: string) => {
    const t = weights.get(name);
    if (t === undefined) throw new Error(`synflow: the network has no weight '${name}'`);
    return t as tf.Tensor4D;
  };
  const edges = supernetEdges(space);
  const cell = genotype.cells.normal;
  if (!cell) throw new Error('the genotype has no normal cell');
  const ops = genotypeEdgeOps(space, cell).map((list) => list.map((k) => space.ops[k]!));
  let state = rescale(tf.conv2d(tf.ones([1, ...image]) as tf.Tensor4D, w('stem.conv.weight'), 1, 'same'), 0);
  let index = 0;
  for (let stage = 0; stage < 3; stage++) {
    if (stage > 0) {
      const p = `cells.${index++}`;
      const main = tf.conv2d(tf.conv2d(state.m, w(`${p}.conv_a.conv.weight`), 2, 'same'), w(`${p}.conv_b.conv.weight`), 1, 'same');
      const shortcut = tf.conv2d(tf.avgPool(state.m, 2, 2, 'same'), w(`${p}.downsample.weight`), 1, 'same');
      state = rescale(tf.add(main, shortcut), state.log);
    }
    for (let i = 0; i < skeleton.cellsPerStage; i++) {
      const p = `cells.${index++}.edges`;
      const nodes: tf.Tensor4D[] = [state.m];
      for (let node = 1; node <= space.nodes; node++) {
        const terms: tf.Tensor4D[] = [];
        edges.forEach((edge, e) => {
          if (edge.to !== node) return;
          const x = nodes[edge.from]!;
          for (const name of ops[e]!) {
            const op = edgeOp(name);
            if (op.kind === 'conv') terms.push(tf.conv2d(x, w(`${p}.${e}.${op.prefix}`), 1, 'same'));
            else if (op.kind === 'identity') terms.push(x);
            else if (op.kind === 'avg') terms.push(tf.avgPool(x, 3, 1, 'same'));
            else if (op.kind === 'max') terms.push(tf.maxPool(x, 3, 1, 'same'));
          }
        });
        nodes.push(terms.length === 0 ? tf.zerosLike(state.m) : terms.length === 1 ? terms[0]! : tf.addN(terms));
      }
      state = rescale(nodes[nodes.length - 1]!, state.log);
    }
  }
  const features = tf.mean(state.m, [1, 2]) as tf.Tensor2D;
  let logits: tf.Tensor2D = tf.matMul(features, w('classifier.weight') as unknown as tf.Tensor2D);
  const bias = weights.get('classifier.bias');
  if (bias !== undefined) logits = tf.add(logits, tf.mul(bias, tf.scalar(Math.exp(-state.log)))) as tf.Tensor2D;
  return { mantissa: logits, log: state.log };
}
