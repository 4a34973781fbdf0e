import { NasError } from '../errors.js';
import type { Genotype, SearchSpace } from './api.js';
import { countGenotypes } from './count-genotypes.js';
import { buildGenotype, decisionSizes } from './decisions.js';
import { validateGenotype } from './validate-genotype.js';

export interface EnumerateOptions {
  /** Refuse spaces with more genotypes than this (default 1,000,000): DARTS has ~1e18. */
  readonly limit?: number;
}

/**
 * Every valid genotype of a finite, small space (NB201's 15,625), each once,
 * in a fixed order (the last decision varies fastest), deep-frozen. For
 * exhaustive baselines and for checking tabular benchmarks. A space larger
 * than `limit` is a `NasError` at call time, before any work: sample it.
 */
export function enumerateGenotypes(space: SearchSpace, options: EnumerateOptions = {}): Generator<Genotype> {
  const limit = options.limit ?? 1_000_000;
  const count = countGenotypes(space);
  if (count > BigInt(limit)) {
    throw new NasError(
      `the ${space.name} space has ${count} genotypes, too many to enumerate (limit ${limit}); use sampleGenotype or countGenotypes`,
    );
  }
  return walk(space, decisionSizes(space));
}

function* walk(space: SearchSpace, sizes: readonly number[]): Generator<Genotype> {
  const digits = sizes.map(() => 0);
  for (;;) {
    let cursor = 0;
    const candidate = buildGenotype(space, () => digits[cursor++]!);
    const genotype = validOrNull(space, candidate);
    if (genotype !== null) yield genotype;
    let d = digits.length - 1;
    while (d >= 0 && digits[d] === sizes[d]! - 1) digits[d--] = 0;
    if (d < 0) return;
    digits[d]!++;
  }
}

/** `candidate` validated, or null when its choices leave a node disconnected (possible only in registered spaces). */
export function validOrNull(space: SearchSpace, candidate: Genotype): Genotype | null {
  try {
    return validateGenotype(space, candidate);
  } catch (error) {
    if (error instanceof NasError) return null;
    throw error;
  }
}
