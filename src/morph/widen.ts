import * as tf from '@tensorflow/tfjs';
import { NasError } from '../errors.js';
import type { ChainArchitecture, ChainSpace, Genotype, SearchSpace } from '../space/api.js';
import { validateGenotype } from '../space/index.js';
import type { Morphism, MorphSite } from './api.js';
import { RELU_CONV_BN } from './op-tables.js';
import { weightOf } from './weights.js';

/** The chain space and genotype widen acts on; other spaces have fixed widths (a one-line error). */
function chainOf(space: SearchSpace, genotype: Genotype): { space: ChainSpace; chain: ChainArchitecture } {
  if (space.kind !== 'chain')
    throw new NasError(`morphism 'widen' changes layer widths; the ${space.kind} space '${space.name}' has fixed widths`);
  return { space, chain: genotype as ChainArchitecture };
}

/** Why layer `layer` cannot be widened to `width` (null: it can). */
function refusal(space: ChainSpace, chain: ChainArchitecture, layer: number, width: number): string | null {
  const here = chain.layers[layer];
  if (!here) return `the chain space '${space.name}' has no layer ${layer}`;
  if (!space.widths.includes(width) || width <= here.width)
    return `layer ${layer} is ${here.width} wide; ${width} is not a wider width of the space (${space.widths.join(', ')})`;
  if (!RELU_CONV_BN.has(here.op)) return `layer ${layer} is '${here.op}', not a ReLU-Conv-BN op whose channels can be duplicated`;
  const next = chain.layers[layer + 1];
  if (next && !RELU_CONV_BN.has(next.op)) return `layer ${layer + 1} is '${next.op}', not a ReLU-Conv-BN op whose inputs can be rescaled`;
  return null;
}

/**
 * Widen a chain layer (Net2WiderNet, Chen et al. 2016): the new output
 * channels copy randomly chosen existing ones (conv filters and BatchNorm
 * parameters and statistics), and the next layer's conv (or the classifier)
 * divides each copied channel's incoming weights by how many copies it now
 * has, so the sum it computes is unchanged. Exact with BatchNorm in
 * inference mode and in training mode too: a copied channel's batch
 * statistics are its original's. Needs ReLU-Conv-BN ops at the layer and
 * the next one; NB201 and DARTS cells have fixed widths (a one-line error).
 */
export const widen: Morphism = {
  name: 'widen',
  sites(space, genotype) {
    if (space.kind !== 'chain') return [];
    const { chain } = chainOf(space, genotype);
    return chain.layers.flatMap((_, layer) =>
      space.widths.filter((width) => refusal(space, chain, layer, width) === null).map((width): MorphSite => ({ layer, width })),
    );
  },
  childGenotype(space, genotype, site) {
    const { space: s, chain } = chainOf(space, genotype);
    const { layer = -1, width = -1 } = site;
    const why = refusal(s, chain, layer, width);
    if (why) throw new NasError(`morphism 'widen': ${why}`);
    return validateGenotype(s, { ...chain, layers: chain.layers.map((l, i) => (i === layer ? { ...l, width } : l)) });
  },
  childWeights({ space, parentGenotype, parent, fresh, site, random }) {
    const { chain } = chainOf(space, parentGenotype);
    const layer = site.layer!;
    const { op, width } = chain.layers[layer]!;
    const mapping = Array.from({ length: site.width! }, (_, c) => (c < width ? c : Math.floor(random() * width)));
    const counts = mapping.map((c) => mapping.filter((d) => d === c).length);
    const indices = tf.tensor1d(mapping, 'int32');
    const scale = tf.div(1, tf.tensor1d(counts));
    const out = new Map<string, tf.Tensor>();
    const own = `layers.${layer}.${op}.`;
    const next = chain.layers[layer + 1];
    const consumer = next ? `layers.${layer + 1}.${next.op}.conv.weight` : 'classifier.weight';
    for (const [name, init] of fresh) {
      const w = parent.get(name);
      if (name === `${own}conv.weight`) out.set(name, tf.gather(weightOf(parent, name), indices, 3));
      else if (name.startsWith(`${own}bn.`)) out.set(name, tf.gather(weightOf(parent, name), indices, 0));
      else if (name === consumer && next)
        out.set(name, tf.mul(tf.gather(weightOf(parent, name), indices, 2), scale.reshape([1, 1, -1, 1])));
      else if (name === consumer) out.set(name, tf.mul(tf.gather(weightOf(parent, name), indices, 0), scale.reshape([-1, 1])));
      else out.set(name, w ?? init);
    }
    return out;
  },
};
