import { NasError } from '../../errors.js';
import { computationKey, parseGenotype } from '../../space/index.js';
import type { Genotype, SearchSpace } from '../../space/api.js';
import { checkSplitEdges, splitOps } from '../few-shot/split.js';
import { computationClasses } from '../samplers/unique-computations.js';

/**
 * Which architectures a restricted sampler trains: those whose split edges
 * hold the given ops (a few-shot sub-supernet, Zhao et al. ICML 2021), and,
 * when `keep` lists any, only the computations it lists (the pruned space of
 * prune-and-fine-tune, Ning et al. NeurIPS 2021). Empty lists restrict nothing.
 */
export interface Restriction {
  readonly splitEdges: readonly number[];
  readonly splitOps: readonly string[];
  /** Canonical strings of the architectures kept; their isomorphic spellings are kept with them. */
  readonly keep: readonly string[];
}

/**
 * The computation classes of `space` (`computationClasses`) that a
 * restriction leaves, each with only its members that hold the split ops:
 * a class is one computation, so a sampler drawing a class and then a member
 * stays de-isomorphic (Ning et al.) inside the restricted space. Nothing left
 * is a one-line `NasError`.
 */
export function restrictedClasses(space: SearchSpace, restriction: Restriction): Genotype[][] {
  const { splitEdges, splitOps: ops, keep } = restriction;
  if (splitEdges.length !== ops.length)
    throw new NasError(`a restriction names ${splitEdges.length} split edge(s) but ${ops.length} op(s) for them`);
  if (splitEdges.length > 0) {
    checkSplitEdges(space, splitEdges);
    const known = space.kind === 'cell' ? space.ops : [];
    const unknown = ops.find((op) => !known.includes(op));
    if (unknown !== undefined) throw new NasError(`split op '${unknown}' is not an op of the ${space.name} space (${known.join(', ')})`);
  }
  const keys = keep.length > 0 ? new Set(keep.map((s) => computationKey(space, parseGenotype(space, s)))) : null;
  const holds = (g: Genotype) => splitEdges.length === 0 || splitOps(space, g, splitEdges).every((op, i) => op === ops[i]);
  const classes = computationClasses(space).flatMap((members) => {
    if (keys !== null && !keys.has(computationKey(space, members[0]!))) return [];
    const held = members.filter(holds);
    return held.length > 0 ? [held] : [];
  });
  if (classes.length === 0) throw new NasError(`the restriction leaves no architecture of the ${space.name} space to train`);
  return classes;
}
