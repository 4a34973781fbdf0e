/**
 * A bias study's report (`bias.json`) as markdown, for docs/results.md: per
 * supernet the rank agreement with the truth (95% bootstrap intervals), the
 * regret of its pick, where its preferred architectures rank, and the ops it
 * over- and under-rates most; then the truth's range over the uniform sample.
 * Usage: npx tsx scripts/bias-table.ts STUDY_DIR
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BiasReport } from '../src/analysis/index.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: bias-table.ts STUDY_DIR');
const report = JSON.parse(readFileSync(join(dir, 'bias.json'), 'utf8')) as BiasReport;
const ci = (i: { estimate: number; low: number; high: number }) => `${i.estimate.toFixed(2)} [${i.low.toFixed(2)}, ${i.high.toFixed(2)}]`;
const uniform = report.architectures.filter((a) => a.source === 'uniform');
const truths = uniform.map((a) => a.scores[report.truth]).filter((v): v is number => typeof v === 'number');
const lines = [
  `${uniform.length} uniform architectures of the ${report.space} space (plus ${report.architectures.length - uniform.length} preferred), truth: ${report.truth}, ${report.bootstrap} bootstrap resamples.`,
  '',
  '| supernet | Kendall tau-b | Spearman rho | top-k overlap | regret | preferred: truth (rank) | most over-rated op | most under-rated op |',
  '|---|---:|---:|---:|---:|---|---|---|',
  ...report.supernets.map((s) => {
    const preferred = s.preferred.map((p) => (p.truth === null ? '-' : `${p.truth.toFixed(2)} (${p.rank})`)).join(', ') || '-';
    const [over, under] = [s.op_bias[0], s.op_bias.at(-1)];
    const op = (b: typeof over) => (b ? `${b.op} (${b.bias >= 0 ? '+' : ''}${b.bias.toFixed(2)})` : '-');
    return `| ${s.supernet} | ${ci(s.kendall_tau)} | ${ci(s.spearman_rho)} | top-${s.top_k.k}: ${ci(s.top_k.overlap)} | ${s.regret.toFixed(2)} | ${preferred} | ${op(over)} | ${op(under)} |`;
  }),
  '',
  `Truth over the uniform sample: ${Math.min(...truths).toFixed(2)} .. ${Math.max(...truths).toFixed(2)} (mean ${(truths.reduce((a, b) => a + b, 0) / truths.length).toFixed(2)}).`,
  `Cost: ${Object.entries(report.cost)
    .map(([name, c]) => `${name} ${c.toFixed(0)}`)
    .join(', ')} (seconds).`,
];
console.log(lines.join('\n'));
