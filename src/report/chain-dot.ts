import type { ChainArchitecture, ChainSpace } from '../space/api.js';
import { FILL, dotDigraph, dotEdge, dotNode } from './dot-syntax.js';

/**
 * A Graphviz DOT diagram of a chain genotype (ENAS's macro search space, Pham
 * et al. 2018): a row of layer boxes from `in` to `out`, each labelled
 * `op@width` as in the canonical string, the layers that halve the
 * resolution (`space.reductions`) marked `stride 2` and filled apart, since
 * they set the feature-map sizes the widths apply to.
 */
export function chainDot(space: ChainSpace, genotype: ChainArchitecture, title = `${space.name} network`): string {
  const statements = [dotNode('in', 'in', FILL.input)];
  genotype.layers.forEach((layer, l) => {
    const reduces = space.reductions.includes(l);
    const label = `${layer.op}@${layer.width}${reduces ? '\nstride 2' : ''}`;
    statements.push(dotNode(`l${l}`, label, reduces ? FILL.reduction : FILL.intermediate));
  });
  statements.push(dotNode('out', 'out', FILL.output));
  const ids = ['in', ...genotype.layers.map((_, l) => `l${l}`), 'out'];
  for (let i = 1; i < ids.length; i++) statements.push(dotEdge(ids[i - 1]!, ids[i]!));
  return dotDigraph(title, statements);
}
