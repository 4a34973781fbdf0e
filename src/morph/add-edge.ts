import * as tf from '@tensorflow/tfjs';
import { NasError } from '../errors.js';
import { supernetEdges } from '../space/index.js';
import type { Morphism, MorphSite } from './api.js';
import { cellOf, edgeIndex, edgeOp, edgeParamPattern, withEdgeOps } from './cell-edges.js';
import { OUTPUT_BN } from './op-tables.js';
import { inheritByName } from './weights.js';

/**
 * Add an edge to a cell: an edge that was `none` gets a weighted op whose
 * closing BatchNorm has zero scale and shift, so it adds exactly zero until
 * trained (NASH, Elsken et al. 2017; LEMONADE, Elsken et al. 2019). Exact in
 * inference and in training mode (a zero affine ignores the batch
 * statistics). Needs a space where `none` is a choice on an edge (NB201); a
 * DARTS node has exactly two inputs, so there it is a one-line error.
 */
export const addEdge: Morphism = {
  name: 'add-edge',
  sites(space, genotype) {
    if (space.kind !== 'cell' || space.noneOp === null) return [];
    const ops = space.ops.filter((op) => op in OUTPUT_BN);
    return space.cellTypes.flatMap((type) => {
      const { cell } = cellOf(space, genotype, { cell: type }, 'add-edge');
      return supernetEdges(space)
        .filter(({ from, to }) => edgeOp(space, cell, from, to) === space.noneOp)
        .flatMap(({ from, to }) => ops.map((op): MorphSite => ({ cell: type, from, to, op })));
    });
  },
  childGenotype(space, genotype, site) {
    const { space: cells, cell, type } = cellOf(space, genotype, site, 'add-edge');
    const { from = -1, to = -1, op = '' } = site;
    const current = edgeOp(cells, cell, from, to);
    if (current !== cells.noneOp) throw new NasError(`morphism 'add-edge': edge ${from} -> ${to} already carries '${current}'`);
    if (!(op in OUTPUT_BN) || !cells.ops.includes(op)) {
      throw new NasError(
        `morphism 'add-edge' needs a weighted op of the space (one of: ${cells.ops.filter((o) => o in OUTPUT_BN).join(', ')}), got '${op}'`,
      );
    }
    return withEdgeOps(cells, genotype, type, [{ from, to, op }], 'add-edge');
  },
  childWeights({ space, parentGenotype, parent, fresh, site }) {
    const { space: cells } = cellOf(space, parentGenotype, site, 'add-edge');
    const out = inheritByName(parent, fresh);
    const bn = edgeParamPattern(edgeIndex(cells, site.from!, site.to!), site.op!);
    const closing = `${OUTPUT_BN[site.op!]}.`;
    let zeroed = 0;
    for (const [name, init] of fresh) {
      const m = bn.exec(name);
      if (!m || parent.has(name)) continue;
      const rest = name.slice(m[0].length);
      if (rest === `${closing}gamma` || rest === `${closing}beta`) {
        out.set(name, tf.zerosLike(init));
        zeroed++;
      }
    }
    if (zeroed === 0) throw new NasError(`morphism 'add-edge' needs learnable BatchNorm scale and shift (affine) in the cells`);
    return out;
  },
};
