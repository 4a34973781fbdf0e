import { NasError } from '../errors.js';
import type { CellArchitecture, Genotype, SearchSpace } from './api.js';
import { canonicalString } from './canonical-string.js';
import { cellExpression } from './cell-expression.js';
import { enumerateGenotypes, type EnumerateOptions } from './enumerate-genotypes.js';

/** Maps an architecture of a space to a key that is equal exactly for architectures computing the same function. */
export type ComputationRule = (genotype: Genotype) => string;

/**
 * Built-in rules by space name. NB201: the benchmark's expression rule
 * (`cellExpression`, 6,466 classes). A space without a rule counts every
 * architecture string as its own computation (`canonicalString`).
 */
const BUILTIN_RULES: Readonly<Record<string, ComputationRule>> = {
  nb201: (genotype) => {
    const cell = (genotype as CellArchitecture).cells.normal;
    if (cell === undefined) throw new NasError('an nb201 genotype needs a normal cell');
    return cellExpression(cell, { zero: 'none', identity: 'skip_connect' });
  },
};

const registered = new Map<string, ComputationRule>();

/** Gives a space (a registered extension's) its rule; a space that already has one is a `NasError`. */
export function registerComputationRule(space: string, rule: ComputationRule): void {
  if (Object.hasOwn(BUILTIN_RULES, space) || registered.has(space)) throw new NasError(`the ${space} space already has a computation rule`);
  registered.set(space, rule);
}

/**
 * The canonical form of an architecture as a computation: two architectures
 * of `space` get the same key when they compute the same function by the
 * space's rule (isomorphic cells, edges that cannot reach the output, ops fed
 * only by zeros). What counts, caches and `--unique` draws architectures use.
 */
export function computationKey(space: SearchSpace, genotype: Genotype): string {
  if (genotype.space !== space.name) throw new NasError(`a ${genotype.space} architecture is not of the ${space.name} space`);
  const rule = registered.get(space.name) ?? (Object.hasOwn(BUILTIN_RULES, space.name) ? BUILTIN_RULES[space.name] : undefined);
  return rule === undefined ? canonicalString(genotype) : `${space.name}:${rule(genotype)}`;
}

/**
 * One architecture per computation of a small space (NB201: 6,466 of
 * 15,625), each the first of its class in `enumerateGenotypes` order, which
 * puts the zero op (NB201's `none`, op 0) on edges that do not matter. In
 * enumeration order; a space too large to enumerate is a `NasError`.
 */
export function uniqueGenotypes(space: SearchSpace, options: EnumerateOptions = {}): Genotype[] {
  const seen = new Set<string>();
  const out: Genotype[] = [];
  for (const genotype of enumerateGenotypes(space, options)) {
    const key = computationKey(space, genotype);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(genotype);
  }
  return out;
}
