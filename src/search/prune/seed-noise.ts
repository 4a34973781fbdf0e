import { readFileSync } from 'node:fs';
import { computationKey, parseGenotype } from '../../space/index.js';
import type { Genotype, SearchSpace } from '../../space/api.js';
import type { TableEntry } from '../../table/api.js';

/**
 * The val accuracy of two seeds' trainings of each pool architecture, from a
 * table that kept its runs (`nas table build`: `runs` per entry, first two by
 * seed), or null when any architecture has fewer than two (an NB201 table
 * keeps none). Kendall tau between the two is the table's own noise ceiling
 * on that set: within a pruned top share, where the accuracies are close,
 * it says how much ranking there is left to find.
 */
export function seedPairs(space: SearchSpace, file: string, pool: readonly Genotype[]): [number[], number[]] | null {
  const archs = (JSON.parse(readFileSync(file, 'utf8')) as { archs?: Record<string, Partial<TableEntry>> }).archs ?? {};
  const byKey = new Map<string, Partial<TableEntry>>();
  for (const [key, entry] of Object.entries(archs)) byKey.set(computationKey(space, parseGenotype(space, key)), entry);
  const [first, second]: [number[], number[]] = [[], []];
  for (const genotype of pool) {
    const runs = [...(byKey.get(computationKey(space, genotype))?.runs ?? [])].sort((a, b) => a.seed - b.seed);
    if (runs.length < 2) return null;
    first.push(runs[0]!.val);
    second.push(runs[1]!.val);
  }
  return [first, second];
}
