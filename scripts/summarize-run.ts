/**
 * A run directory's search curve as markdown, for docs/results.md: per epoch
 * the losses, accuracies and time, and how the derived cells and the largest
 * non-`none` architecture weight of each cell type moved.
 * Usage: npx tsx scripts/summarize-run.ts RUN_DIR
 */
import { join } from 'node:path';
import { readLog } from '../src/search/index.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: summarize-run.ts RUN_DIR');
const log = readLog(join(dir, 'log.jsonl'));
const fmt = (v: number | null, d: number) => (v === null ? '-' : v.toFixed(d));
/** Mean over edges of the largest weight that is not op 0 (`none` in the DARTS and NB201 spaces). */
const peak = (rows: number[][] | undefined) =>
  rows ? rows.reduce((s, r) => s + Math.max(...r.slice(1)), 0) / rows.length : Number.NaN;
const lines = [
  '| epoch | lr | train loss | train acc | val loss | val acc | s | mean max alpha (normal / reduce) | changed cells |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ...log.map((r, i) => {
    const changed = i > 0 && log[i - 1]!.genotype !== r.genotype ? 'yes' : i === 0 ? '' : 'no';
    return `| ${r.epoch + 1} | ${r.lr.toExponential(2)} | ${r.train_loss.toFixed(3)} | ${r.train_acc.toFixed(3)} | ${fmt(r.val_loss, 3)} | ${fmt(r.val_acc, 3)} | ${r.seconds.toFixed(0)} | ${peak(r.alphas['normal']).toFixed(3)} / ${peak(r.alphas['reduce']).toFixed(3)} | ${changed} |`;
  }),
  '',
  `Derived after epoch ${log.length}: \`${log.at(-1)?.genotype ?? '-'}\``,
];
console.log(lines.join('\n'));
