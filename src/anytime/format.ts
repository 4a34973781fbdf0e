import type { AnytimeResults, Spread } from './api.js';
import { type Difference, versusBaseline } from './versus.js';

const cell = (s: Spread | null) => (s === null ? '-' : `${s.mean.toFixed(2)} ± ${s.std.toFixed(2)}`);

/** A grid of `names` (columns) by compute (rows), each cell `at(column, grid index)`. */
function gridTable(results: AnytimeResults, names: readonly string[], at: (column: number, i: number) => string): string[] {
  const width = Math.max(15, ...names.map((n) => n.length + 2));
  const row = (first: string, cells: readonly string[]) => `${first.padEnd(10)}${cells.map((c) => c.padEnd(width)).join('')}`.trimEnd();
  return [
    row('seconds', names),
    ...results.grid.map((c, i) =>
      row(
        String(Number(c.toPrecision(3))),
        names.map((_, k) => at(k, i)),
      ),
    ),
  ];
}

const table = (results: AnytimeResults, field: 'val' | 'test') =>
  gridTable(
    results,
    results.contenders.map((c) => c.contender),
    (k, i) => cell(results.contenders[k]![field][i]!),
  );

const signed = (d: Difference | null) =>
  d === null ? '-' : `${d.difference >= 0 ? '+' : ''}${d.difference.toFixed(2)} ± ${d.se.toFixed(2)}`;

/** Each other contender's val (or test) minus the baseline's at each grid point, with its standard error. */
function versusTable(results: AnytimeResults, baseline: string, field: 'val' | 'test'): string[] {
  const others = results.contenders.map((c) => c.contender).filter((n) => n !== baseline);
  const columns = others.map((n) => versusBaseline(results, n, baseline, field));
  return [
    `${field} minus ${baseline}'s at equal compute (difference of the means ± its standard error over seeds):`,
    ...gridTable(results, others, (k, i) => signed(columns[k]![i]!)),
  ];
}

/**
 * What `nas anytime` prints: the incumbent's table val and test (mean ±
 * standard deviation over seeds) of each contender at each point of the
 * compute grid ('-': some seed has no incumbent yet), each one's val and test
 * against random search's (`versusBaseline`, when random search ran), then
 * what each spent.
 */
export function anytimeLines(results: AnytimeResults): string[] {
  return [
    `anytime comparison on ${results.table}: ${results.seeds} seed(s), ${results.compute.toFixed(1)} s of training each; table optimum: val ${results.optimum.val.toFixed(2)}, test ${results.optimum.test.toFixed(2)}`,
    "the incumbent's table val (mean ± std over seeds) after this many seconds of training:",
    ...table(results, 'val'),
    "the incumbent's table test:",
    ...table(results, 'test'),
    ...(results.contenders.some((c) => c.contender === 'random') && results.contenders.length > 1
      ? [...versusTable(results, 'random', 'val'), ...versusTable(results, 'random', 'test')]
      : []),
    `per seed: ${results.contenders.map((c) => `${c.contender} ${c.queries.toFixed(1)} queries, ${c.spent.toFixed(1)} s`).join('; ')}`,
  ];
}
