import type { BiasReport } from '../analysis/index.js';

/** An interval as `estimate [low, high]`; NaN (every score tied, so no rank correlation) said in words. */
const interval = (i: { estimate: number; low: number; high: number }) =>
  Number.isNaN(i.estimate) ? 'n/a (all scores tied)' : `${i.estimate.toFixed(3)} [${i.low.toFixed(3)}, ${i.high.toFixed(3)}]`;

/** The report's headline, one line per supernet. */
export function biasSummary(report: BiasReport): string[] {
  return [
    `${report.k} architectures of the ${report.space} space; truth: ${report.truth}; 95% bootstrap intervals`,
    ...report.supernets.map(
      (s) =>
        `${s.supernet}: Kendall tau ${interval(s.kendall_tau)}, Spearman rho ${interval(s.spearman_rho)}, top-${s.top_k.k} overlap ${interval(s.top_k.overlap)}, regret ${s.regret.toFixed(2)}, most over-rated op ${s.op_bias[0]?.op ?? '-'}`,
    ),
  ];
}
