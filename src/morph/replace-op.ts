import type * as tf from '@tensorflow/tfjs';
import { NasError } from '../errors.js';
import type { ChainArchitecture, Genotype, SearchSpace } from '../space/api.js';
import { supernetEdges, validateGenotype } from '../space/index.js';
import type { Morphism, MorphSite, NamedWeights } from './api.js';
import { cellOf, edgeIndex, edgeOp, edgeParamPattern, withEdgeOps } from './cell-edges.js';
import { LARGER_OP } from './op-tables.js';
import { padKernel } from './weights.js';

/** The op at a site (a cell edge or a chain layer) and the pattern naming its parameters. */
function siteOp(space: SearchSpace, genotype: Genotype, site: MorphSite): { op: string | null; params: RegExp } {
  if (space.kind === 'chain') {
    const layer = site.layer ?? -1;
    const op = (genotype as ChainArchitecture).layers[layer]?.op;
    if (op === undefined) throw new NasError(`morphism 'replace-op': the chain space '${space.name}' has no layer ${layer}`);
    return { op, params: new RegExp(`^(layers\\.${layer}\\.)${op}\\.`) };
  }
  const { space: cells, cell } = cellOf(space, genotype, site, 'replace-op');
  const op = edgeOp(cells, cell, site.from ?? -1, site.to ?? -1);
  return { op, params: edgeParamPattern(edgeIndex(cells, site.from ?? -1, site.to ?? -1), op ?? '') };
}

/**
 * Replace an op by its larger version initialised to compute the same: a
 * 1x1 conv becomes a 3x3 conv with the 1x1 weights in the centre and zeros
 * elsewhere, a 3x3 (separable, dilated) conv a 5x5 one (Wei et al. 2016,
 * "Network Morphism"; LEMONADE's kernel growth). Every BatchNorm keeps its
 * parameters and statistics, so it is exact in inference and in training
 * mode (the conv outputs are the same). On cell edges and chain layers; an
 * op without a larger version in the space is a one-line error.
 */
export const replaceOp: Morphism = {
  name: 'replace-op',
  sites(space, genotype) {
    const larger = (op: string | null | undefined) => (op ? LARGER_OP[op] : undefined);
    const inSpace = (op: string | null | undefined) => space.kind !== 'hierarchical' && space.ops.includes(larger(op) ?? '');
    if (space.kind === 'chain') {
      return (genotype as ChainArchitecture).layers.flatMap((l, layer) => (inSpace(l.op) ? [{ layer, op: larger(l.op)! }] : []));
    }
    if (space.kind !== 'cell') return [];
    return space.cellTypes.flatMap((type) => {
      const { cell } = cellOf(space, genotype, { cell: type }, 'replace-op');
      return supernetEdges(space).flatMap(({ from, to }): MorphSite[] => {
        const op = edgeOp(space, cell, from, to);
        return inSpace(op) ? [{ cell: type, from, to, op: larger(op)! }] : [];
      });
    });
  },
  childGenotype(space, genotype, site) {
    if (space.kind === 'hierarchical')
      throw new NasError(`morphism 'replace-op' acts on cell edges or chain layers; the hierarchical space '${space.name}' has neither`);
    const { op } = siteOp(space, genotype, site);
    const larger = op ? LARGER_OP[op] : undefined;
    if (!larger || !space.ops.includes(larger))
      throw new NasError(`morphism 'replace-op': '${op}' has no larger version in the space '${space.name}'`);
    if (site.op !== undefined && site.op !== larger)
      throw new NasError(`morphism 'replace-op': '${op}' grows into '${larger}', not '${site.op}'`);
    if (space.kind === 'cell') {
      const { type } = cellOf(space, genotype, site, 'replace-op');
      return withEdgeOps(space, genotype, type, [{ from: site.from!, to: site.to!, op: larger }], 'replace-op');
    }
    const chain = genotype as ChainArchitecture;
    const layers = chain.layers.map((l, i) => (i === site.layer ? { ...l, op: larger } : l));
    return validateGenotype(space, { ...chain, layers });
  },
  childWeights({ space, parentGenotype, parent, fresh, site }) {
    const { op, params } = siteOp(space, parentGenotype, site);
    const grown = new RegExp(params.source.replace(`)${op}\\.`, `)${LARGER_OP[op!]!}\\.`));
    return new Map([...fresh].map(([name, init]) => [name, grownWeight(name, init, parent, grown, op!)]));
  },
};

/** A child weight: the parent's same-named one, or the old op's parameter with its kernel centred in the larger one. */
function grownWeight(name: string, init: tf.Tensor, parent: NamedWeights, grown: RegExp, op: string): tf.Tensor {
  const same = parent.get(name);
  if (same && same.shape.join() === init.shape.join()) return same;
  const m = grown.exec(name);
  if (!m) return init;
  const source = parent.get(`${m[1]}${op}.${name.slice(m[0].length)}`);
  if (!source) throw new Error(`no parent weight for '${name}'`);
  return source.rank === 4 && source.shape[0] !== init.shape[0] ? padKernel(source, init.shape[0]!) : source;
}
