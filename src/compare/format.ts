import type { BootstrapInterval } from '../analysis/stats/index.js';
import type { CompareResults, MeanStd, MethodRow } from './results.js';

const pm = (v: MeanStd, digits = 2) => `${v.mean.toFixed(digits)} +- ${v.std.toFixed(digits)}`;
const interval = (i: BootstrapInterval) =>
  Number.isNaN(i.estimate) ? 'n/a' : `${i.estimate.toFixed(3)} [${i.low.toFixed(3)}, ${i.high.toFixed(3)}]`;

/** The cells of one method's row, as text (the printed table and the HTML page show the same). */
export function rowCells(r: MethodRow): string[] {
  return [
    r.method,
    String(r.seeds),
    pm(r.val),
    pm(r.test),
    pm(r.percentile, 1),
    pm(r.seconds, 0),
    r.tau === null ? '-' : r.tau.per_seed.length === 1 ? interval(r.tau.per_seed[0]!) : pm(r.tau.mean, 3),
    r.beats_random === null ? '-' : r.beats_random ? 'yes' : 'no',
  ];
}

export const COMPARE_COLUMNS = ['method', 'seeds', 'val %', 'test %', 'percentile', 'search s', 'Kendall tau', 'beats random'] as const;

/** The table of methods as aligned text lines, then the optimum, the noise ceiling, tau over training and the rule. */
export function compareLines(results: CompareResults): string[] {
  const rows = [[...COMPARE_COLUMNS], ...results.methods.map(rowCells)];
  const o = results.optimum;
  rows.push(['table optimum (best val)', '-', o.val.toFixed(2), o.test.toFixed(2), o.percentile.toFixed(1), '-', '-', '-']);
  const widths = COMPARE_COLUMNS.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = [
    `${results.archs} architectures of the ${results.space} space in ${results.table}; supernets ${results.settings.epochs} epochs, ${results.settings.queries} queries per black-box search`,
    ...rows.map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    ),
  ];
  if (results.ceiling !== null)
    lines.push(
      `noise ceiling (seed-to-seed Kendall tau of the table): ${interval(results.ceiling.all)} over all, ${interval(results.ceiling.top)} over the better half`,
    );
  const ranker = results.perfect_ranker;
  if (ranker)
    lines.push(
      `perfect estimator (the table's seed-noise model, over ${ranker.archs} architectures): Kendall tau ${ranker.tau.toFixed(3)} [${ranker.low.toFixed(3)}, ${ranker.high.toFixed(3)}], the most a supernet's tau can reach here`,
    );
  for (const r of results.methods)
    if (r.tau_snapshots !== null && r.tau_snapshots.length > 0)
      lines.push(
        `${r.method} seed 0 tau over training: ${[...r.tau_snapshots.map((s) => `epoch ${s.epoch} ${interval(s.tau)}`), `end ${interval(r.tau!.per_seed[0]!)}`].join(', ')}`,
      );
  lines.push(`rule: ${results.rule}`);
  return lines;
}
