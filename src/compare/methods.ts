import { NasError } from '../errors.js';

/**
 * How a method of the comparison finds its architecture:
 * - `one-shot`: `nas search` on the table's split; the run's derived genotype.
 * - `supernet-evolution`: `nas search`, then regularized evolution with the
 *   trained supernet as the estimator (SPOS's second stage, Guo et al. 2020);
 *   the evolution's best.
 * - `table`: a black-box strategy querying the table itself, within its
 *   architectures (NAS-Bench-201's baselines, Dong & Yang 2020); its best by val.
 */
export type MethodKind = 'one-shot' | 'supernet-evolution' | 'table';

/** One row of the table of methods. */
export interface CompareMethod {
  readonly name: string;
  readonly label: string;
  readonly kind: MethodKind;
  /** `nas search` arguments (strategy and its options) of a method with a supernet. */
  readonly search?: readonly string[];
  /** The black-box command of a `table` or `supernet-evolution` method. */
  readonly blackBox?: string;
}

const registry = new Map<string, CompareMethod>();

/** Add a method to the comparison (in the order the table lists them). */
export function registerCompareMethod(method: CompareMethod): void {
  if (registry.has(method.name)) throw new NasError(`compare method '${method.name}' is registered twice`);
  registry.set(method.name, method);
}

for (const method of [
  { name: 'darts-1', label: 'DARTS 1st order (Liu et al. 2019)', kind: 'one-shot', search: ['darts', '--order', '1'] },
  { name: 'darts-2', label: 'DARTS 2nd order (Liu et al. 2019)', kind: 'one-shot', search: ['darts', '--order', '2'] },
  { name: 'gdas', label: 'GDAS (Dong & Yang 2019)', kind: 'one-shot', search: ['gdas'] },
  { name: 'enas', label: 'ENAS (Pham et al. 2018)', kind: 'one-shot', search: ['enas'] },
  { name: 'pc-darts', label: 'PC-DARTS, K=4 (Xu et al. 2020)', kind: 'one-shot', search: ['darts', '--partial-channels', '4'] },
  { name: 'spos', label: 'SPOS + evolution (Guo et al. 2020)', kind: 'supernet-evolution', search: ['spos'], blackBox: 'evolve' },
  {
    name: 'pathdrop',
    label: 'path dropout + evolution (Bender et al. 2018)',
    kind: 'supernet-evolution',
    search: ['pathdrop'],
    blackBox: 'evolve',
  },
  { name: 'fair', label: 'FairNAS + evolution (Chu et al. 2019)', kind: 'supernet-evolution', search: ['fair'], blackBox: 'evolve' },
  { name: 'random', label: 'random search (Li & Talwalkar 2019)', kind: 'table', blackBox: 'random' },
  { name: 'evolution', label: 'regularized evolution (Real et al. 2019)', kind: 'table', blackBox: 'evolve' },
  { name: 'local', label: 'local search (White et al. 2021)', kind: 'table', blackBox: 'local' },
  { name: 'bo', label: 'Bayesian optimisation, GP (Snoek et al. 2012)', kind: 'table', blackBox: 'bo' },
] as const satisfies readonly CompareMethod[])
  registerCompareMethod(method);

/** Every registered method, in table order. */
export function compareMethods(): CompareMethod[] {
  return [...registry.values()];
}

/** The methods a `--methods a,b,...` list names (all when absent), in table order; an unknown name is one line. */
export function chooseMethods(names: readonly string[] | undefined): CompareMethod[] {
  if (names === undefined) return compareMethods();
  const unknown = names.find((n) => !registry.has(n));
  if (unknown !== undefined) throw new NasError(`unknown method '${unknown}' (known: ${[...registry.keys()].join(', ')})`);
  if (names.length === 0) throw new NasError('--methods names no method');
  return compareMethods().filter((m) => names.includes(m.name));
}
