/**
 * The rows of docs/results.md's issue-26 ablation table from bias studies
 * (`nas bias --out DIR`): one row per argument `LABEL=DIR[#NAME,NAME...]`
 * over the study's scorers (or the named ones, e.g. one supernet seed each),
 * with each scorer's Kendall tau-b and its 95% bootstrap interval, then the
 * mean and sample sd of tau over them (the seeds of one recipe), mean
 * Spearman rho, top-10% overlap and regret of the top pick (val points).
 * Usage: npx tsx scripts/ablation-26-rows.ts LABEL=DIR[#NAME,...] ...
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BiasReport } from '../src/analysis/index.js';

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]) => (xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1)) : 0);
const f = (x: number) => x.toFixed(3);

const args = process.argv.slice(2);
if (args.length === 0) throw new Error('usage: ablation-26-rows.ts LABEL=DIR[#NAME,...] ...');
console.log('| technique | Kendall tau [95%] per seed | tau mean +- sd | rho (mean) | top-10% overlap (mean) | regret (mean) |');
console.log('|---|---|---:|---:|---:|---:|');
for (const arg of args) {
  const [label, spec] = arg.split('=') as [string, string | undefined];
  if (spec === undefined) throw new Error(`'${arg}' is not LABEL=DIR[#NAME,...]`);
  const [dir, names] = spec.split('#') as [string, string | undefined];
  const report = JSON.parse(readFileSync(join(dir, 'bias.json'), 'utf8')) as BiasReport;
  const wanted = names?.split(',');
  const rows = report.supernets.filter((s) => wanted === undefined || wanted.includes(s.supernet));
  if (rows.length === 0) throw new Error(`${dir} has none of ${names}`);
  const taus = rows.map((s) => s.kendall_tau.estimate);
  const cells = [
    label,
    rows.map((s) => `${f(s.kendall_tau.estimate)} [${f(s.kendall_tau.low)}, ${f(s.kendall_tau.high)}]`).join('; '),
    rows.length > 1 ? `${f(mean(taus))} +- ${f(sd(taus))}` : f(taus[0]!),
    f(mean(rows.map((s) => s.spearman_rho.estimate))),
    f(mean(rows.map((s) => s.top_k.overlap.estimate))),
    mean(rows.map((s) => s.regret)).toFixed(2),
  ];
  console.log(`| ${cells.join(' | ')} |`);
}
