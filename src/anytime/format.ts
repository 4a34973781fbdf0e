import type { AnytimeResults, Spread } from './api.js';

const cell = (s: Spread | null) => (s === null ? '-' : `${s.mean.toFixed(2)} ± ${s.std.toFixed(2)}`);

function table(results: AnytimeResults, field: 'val' | 'test'): string[] {
  const names = results.contenders.map((c) => c.contender);
  const width = Math.max(15, ...names.map((n) => n.length + 2));
  const row = (first: string, cells: readonly string[]) => `${first.padEnd(10)}${cells.map((c) => c.padEnd(width)).join('')}`.trimEnd();
  return [
    row('seconds', names),
    ...results.grid.map((c, i) =>
      row(
        String(Number(c.toPrecision(3))),
        results.contenders.map((k) => cell(k[field][i]!)),
      ),
    ),
  ];
}

/**
 * What `nas anytime` prints: the incumbent's table val and test (mean ±
 * standard deviation over seeds) of each contender at each point of the
 * compute grid ('-': some seed has no incumbent yet), then what each spent.
 */
export function anytimeLines(results: AnytimeResults): string[] {
  return [
    `anytime comparison on ${results.table}: ${results.seeds} seed(s), ${results.compute.toFixed(1)} s of training each; table optimum: val ${results.optimum.val.toFixed(2)}, test ${results.optimum.test.toFixed(2)}`,
    "the incumbent's table val (mean ± std over seeds) after this many seconds of training:",
    ...table(results, 'val'),
    "the incumbent's table test:",
    ...table(results, 'test'),
    `per seed: ${results.contenders.map((c) => `${c.contender} ${c.queries.toFixed(1)} queries, ${c.spent.toFixed(1)} s`).join('; ')}`,
  ];
}
