import { match } from 'ts-pattern';
import type { Genotype } from '../space/api.js';

/** How many of an architecture's edges (or layers) use each op. */
export function opCounts(genotype: Genotype): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (op: string) => counts.set(op, (counts.get(op) ?? 0) + 1);
  match(genotype)
    .with({ kind: 'cell' }, (g) => Object.values(g.cells).forEach((cell) => cell?.nodes.flat().forEach((e) => add(e.op))))
    .with({ kind: 'chain' }, (g) => g.layers.forEach((l) => add(l.op)))
    .with({ kind: 'hierarchical' }, (g) => g.levels.flat().forEach((motif) => motif.nodes.flat().forEach((e) => add(e.op))))
    .exhaustive();
  return counts;
}

function standardise(values: readonly number[]): number[] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return values.map((v) => (sd > 0 ? (v - mean) / sd : 0));
}

/** One op's bias: the mean standardised over-rating of the edges using it, over how many edges. */
export interface OpBias {
  readonly op: string;
  readonly bias: number;
  readonly edges: number;
}

/**
 * Which ops a supernet over-rates. Both score lists are standardised (z-scores
 * over the architectures: a supernet's accuracies and stand-alone accuracies
 * live on different scales), each architecture's over-rating is
 * `z_supernet - z_truth`, and an op's bias is the mean over-rating of the
 * architectures using it, weighted by how many of their edges use it.
 * Positive: architectures built from this op rank higher on the supernet than
 * they deserve (e.g. parameter-free ops, which train fastest with shared
 * weights); the over-ratings sum to zero, so the biases are relative.
 */
export function opBias(genotypes: readonly Genotype[], supernet: readonly number[], truth: readonly number[]): OpBias[] {
  const zs = standardise(supernet);
  const zt = standardise(truth);
  const sums = new Map<string, { weighted: number; edges: number }>();
  genotypes.forEach((g, i) => {
    for (const [op, n] of opCounts(g)) {
      const s = sums.get(op) ?? { weighted: 0, edges: 0 };
      s.weighted += n * (zs[i]! - zt[i]!);
      s.edges += n;
      sums.set(op, s);
    }
  });
  return [...sums]
    .map(([op, s]) => ({ op, bias: s.weighted / s.edges, edges: s.edges }))
    .sort((a, b) => b.bias - a.bias || (a.op < b.op ? -1 : 1));
}
