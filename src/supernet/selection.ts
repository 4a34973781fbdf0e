import * as tf from '@tensorflow/tfjs';
import type { CellGenotype, CellSpace } from '../space/api.js';
import { supernetEdges } from '../space/index.js';
import type { OptionMask, RowChoice } from './api.js';
import { fusedWeightedSumAvailable } from '../kernels/webgpu/weighted-sum.js';

/**
 * The relaxation of one decision group: per row, the computing options
 * (`computing`, i.e. all but `none`, whose weight times zero adds nothing),
 * optionally narrowed by `mask`, each weighted by its entry of `weights`
 * (`[rows, options]`). Call inside `tf.tidy`; entries are picked with
 * `unstack`, which has a gradient on every backend (unlike `gather` on wasm).
 */
export function weightedRows(weights: tf.Tensor2D, computing: readonly number[], mask?: OptionMask, rowScales?: tf.Tensor1D): RowChoice[] {
  const scales = rowScales ? (tf.unstack(rowScales) as tf.Scalar[]) : null;
  if (fusedWeightedSumAvailable()) return sourcedRows(weights, computing, mask, scales);
  return tf.unstack(weights).map((row, r) => {
    const scalars = tf.unstack(row) as tf.Scalar[];
    const options = mask ? computing.filter((k) => mask[r]?.[k]) : [...computing];
    const scale = scales?.[r];
    return scale ? { options, weights: options.map((k) => scalars[k]!), scale } : { options, weights: options.map((k) => scalars[k]!) };
  });
}

/**
 * `weightedRows` where a kernel reads the weights in place (webgpu): each
 * row names its entries of `weights` (`source`), and the scalars are
 * unstacked on the first read of any row's `weights` (a mixed op that
 * cannot use the kernel, PC-DARTS's edges), all at once, in the scope of
 * that read: a slice per weight is a dispatch on a GPU.
 */
function sourcedRows(
  weights: tf.Tensor2D,
  computing: readonly number[],
  mask: OptionMask | undefined,
  scales: tf.Scalar[] | null,
): RowChoice[] {
  const [rows, columns] = weights.shape;
  let scalars: tf.Scalar[][] | null = null;
  const entries = (r: number): tf.Scalar[] => {
    scalars ??= tf.unstack(weights).map((row) => tf.unstack(row) as tf.Scalar[]);
    return scalars[r]!;
  };
  return Array.from({ length: rows }, (_, r) => {
    const options = mask ? computing.filter((k) => mask[r]?.[k]) : [...computing];
    const scale = scales?.[r];
    return {
      options,
      source: { matrix: weights, at: options.map((k) => r * columns + k) },
      get weights() {
        return options.map((k) => entries(r)[k]!);
      },
      ...(scale ? { scale } : {}),
    };
  });
}

/** Per row, the options switched on in `mask`, summed unweighted. */
export function maskedRows(rows: number, mask: OptionMask): RowChoice[] {
  return Array.from({ length: rows }, (_, r) => ({
    options: (mask[r] ?? []).flatMap((on, k) => (on ? [k] : [])),
  }));
}

/** Per supernet edge, the op indices a discrete cell puts there (zero or one in the built-in spaces). */
export function genotypeEdgeOps(space: CellSpace, cell: CellGenotype): number[][] {
  const edges = supernetEdges(space);
  const ops = edges.map(() => [] as number[]);
  cell.nodes.forEach((incoming, k) => {
    const to = space.inputs + k;
    for (const { from, op } of incoming) {
      const e = edges.findIndex((edge) => edge.from === from && edge.to === to);
      const index = space.ops.indexOf(op);
      if (e < 0 || index < 0) throw new Error(`genotype edge ${from} -> ${to} (${op}) is not in space '${space.name}'`);
      ops[e]!.push(index);
    }
  });
  return ops;
}

/** A discrete cell as per-edge choices: its ops, summed unweighted. */
export function genotypeRows(space: CellSpace, cell: CellGenotype): RowChoice[] {
  return genotypeEdgeOps(space, cell).map((options) => ({ options }));
}
