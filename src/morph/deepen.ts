import * as tf from '@tensorflow/tfjs';
import { NasError } from '../errors.js';
import type { CellGenotype, CellSpace } from '../space/api.js';
import { supernetEdges } from '../space/index.js';
import type { Morphism, MorphSite } from './api.js';
import { cellOf, edgeIndex, edgeOp, edgeParamPattern, withEdgeOps } from './cell-edges.js';
import { RELU_CONV_BN, RELU_FIRST } from './op-tables.js';
import { weightOf } from './weights.js';

const EPS = 1e-5;

/** Whether node `via` of a cell is unused: every edge into and out of it is `none`. */
function freeNode(space: CellSpace, cell: CellGenotype, via: number): boolean {
  return supernetEdges(space).every(({ from, to }) => (from !== via && to !== via) || edgeOp(space, cell, from, to) === space.noneOp);
}

/** The identity-capable ReLU-Conv-BN ops of the space (3x3 first, as Net2DeeperNet inserts). */
function identityOps(space: CellSpace): string[] {
  return space.ops.filter((op) => RELU_CONV_BN.has(op)).sort((a, b) => b.localeCompare(a));
}

/**
 * Deepen a cell path (Net2DeeperNet, Chen et al. 2016): an edge `from -> to`
 * whose op X starts with a ReLU becomes the path `from -> via -> to` through
 * an unused node: a ReLU-Conv-BN op with the conv set to the identity and
 * its BatchNorm's affine set to undo its own normalisation under its running
 * statistics (scale sqrt(var + eps), shift mean), then X with the parent's
 * weights. The new op outputs relu(x) and X starts with relu, and
 * relu(relu(x)) = relu(x), so the child computes the parent's function
 * exactly with BatchNorm in inference mode. In training mode the new
 * BatchNorm normalises with the batch's statistics instead, so the function
 * changes (to a per-channel standardised relu(x)); it is exact there only if
 * the batch statistics equal the running ones. Needs a last-node output
 * (NB201): in a DARTS cell every node is an output and has two inputs.
 */
export const deepen: Morphism = {
  name: 'deepen',
  sites(space, genotype) {
    if (space.kind !== 'cell' || space.output !== 'last-node' || space.noneOp === null) return [];
    const ops = identityOps(space);
    if (ops.length === 0) return [];
    return space.cellTypes.flatMap((type) => {
      const { cell } = cellOf(space, genotype, { cell: type }, 'deepen');
      return supernetEdges(space).flatMap(({ from, to }): MorphSite[] => {
        if (!RELU_FIRST.has(edgeOp(space, cell, from, to) ?? '')) return [];
        const vias = Array.from({ length: to - from - 1 }, (_, i) => from + 1 + i).filter((via) => freeNode(space, cell, via));
        return vias.map((via) => ({ cell: type, from, to, via, op: ops[0]! }));
      });
    });
  },
  childGenotype(space, genotype, site) {
    const { space: cells, cell, type } = cellOf(space, genotype, site, 'deepen');
    const { from = -1, to = -1, via = -1 } = site;
    if (cells.output !== 'last-node')
      throw new NasError(`morphism 'deepen' needs cells whose output is their last node; '${cells.name}' concatenates its nodes`);
    const x = edgeOp(cells, cell, from, to);
    if (!RELU_FIRST.has(x ?? ''))
      throw new NasError(`morphism 'deepen': edge ${from} -> ${to} carries '${x}', not an op that starts with a ReLU`);
    if (!(from < via && via < to) || !freeNode(cells, cell, via))
      throw new NasError(`morphism 'deepen': node ${via} is not an unused node between ${from} and ${to}`);
    const op = site.op ?? identityOps(cells)[0];
    if (!op || !RELU_CONV_BN.has(op) || !cells.ops.includes(op))
      throw new NasError(`morphism 'deepen' needs a ReLU-Conv-BN op of the space, got '${op}'`);
    return withEdgeOps(
      cells,
      genotype,
      type,
      [
        { from, to, op: cells.noneOp! },
        { from, to: via, op },
        { from: via, to, op: x! },
      ],
      'deepen',
    );
  },
  childWeights({ space, parentGenotype, parent, fresh, site }) {
    const { space: cells, cell } = cellOf(space, parentGenotype, site, 'deepen');
    const x = edgeOp(cells, cell, site.from!, site.to!)!;
    const op = site.op ?? identityOps(cells)[0]!;
    const moved = edgeParamPattern(edgeIndex(cells, site.via!, site.to!), x);
    const direct = edgeIndex(cells, site.from!, site.to!);
    const inserted = edgeParamPattern(edgeIndex(cells, site.from!, site.via!), op);
    const out = new Map<string, tf.Tensor>();
    for (const [name, init] of fresh) {
      const m = moved.exec(name);
      const n = inserted.exec(name);
      if (m) out.set(name, weightOf(parent, name.replace(`.edges.${edgeIndex(cells, site.via!, site.to!)}.`, `.edges.${direct}.`)));
      else if (n) out.set(name, identityWeight(name.slice(n[0].length), init, fresh, name.slice(0, n[0].length)));
      else out.set(name, parent.get(name) ?? init);
    }
    if (![...fresh.keys()].some((name) => inserted.exec(name) && name.endsWith('.bn.gamma'))) {
      throw new NasError(`morphism 'deepen' needs learnable BatchNorm scale and shift (affine) in the cells`);
    }
    return out;
  },
};

/** The inserted op's parameters: an identity conv (centre tap 1 from channel c to c) and a BatchNorm that undoes itself. */
function identityWeight(rest: string, init: tf.Tensor, fresh: ReadonlyMap<string, tf.Tensor>, prefix: string): tf.Tensor {
  if (rest === 'conv.weight') {
    const [k, , c] = init.shape as [number, number, number, number];
    const values = new Float32Array(k * k * c * c);
    const centre = (k * k - 1) / 2;
    for (let ch = 0; ch < c; ch++) values[(centre * c + ch) * c + ch] = 1;
    return tf.tensor4d(values, [k, k, c, c]);
  }
  if (rest === 'bn.gamma') return tf.sqrt(tf.add(weightOf(fresh, `${prefix}bn.running_var`), EPS));
  if (rest === 'bn.beta') return weightOf(fresh, `${prefix}bn.running_mean`);
  if (rest === 'bn.running_mean' || rest === 'bn.running_var') return init;
  throw new Error(`no identity initialisation for '${prefix}${rest}'`);
}
