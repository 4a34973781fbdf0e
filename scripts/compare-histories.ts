/**
 * Compare the scores two black-box runs gave the same architectures (e.g.
 * `nas random` with the same --seed on one supernet, with and without
 * BatchNorm re-calibration): each run's mean, spread and range, and the rank
 * agreement between them.
 * Usage: npx tsx scripts/compare-histories.ts RUN_A RUN_B
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kendallTauB, spearmanRho } from '../src/analysis/index.js';

const [a, b] = process.argv.slice(2);
if (a === undefined || b === undefined) {
  console.error('usage: npx tsx scripts/compare-histories.ts RUN_A RUN_B');
  process.exit(2);
}
const read = (dir: string) =>
  readFileSync(join(dir, 'history.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { genotype: string; score: number });
const [ha, hb] = [read(a), read(b)];
if (ha.length !== hb.length || ha.some((q, i) => q.genotype !== hb[i]!.genotype)) {
  console.error(`${a} and ${b} did not query the same architectures in the same order`);
  process.exit(2);
}
const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
const sd = (v: number[]) => Math.sqrt(v.reduce((x, y) => x + (y - mean(v)) ** 2, 0) / (v.length - 1));
for (const [dir, h] of [
  [a, ha],
  [b, hb],
] as const) {
  const s = h.map((q) => q.score);
  console.log(
    `${dir}: mean ${mean(s).toFixed(2)}, sd ${sd(s).toFixed(2)}, range ${Math.min(...s).toFixed(2)} .. ${Math.max(...s).toFixed(2)}`,
  );
}
const [sa, sb] = [ha.map((q) => q.score), hb.map((q) => q.score)];
console.log(`${ha.length} architectures: Kendall tau-b ${kendallTauB(sa, sb).toFixed(3)}, Spearman rho ${spearmanRho(sa, sb).toFixed(3)}`);
