/**
 * A run directory's curve as markdown, for docs/results.md. For a search:
 * per epoch the losses, accuracies and time, and how the derived cells and
 * the largest non-`none` architecture weight of each cell type moved. For a
 * retraining (`nas retrain`): per epoch the learning rate, drop-path rate,
 * train and test loss and accuracy, and time, then the best test accuracy.
 * Usage: npx tsx scripts/summarize-run.ts RUN_DIR
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RetrainEpochRecord } from '../src/retrain/index.js';
import type { EpochRecord } from '../src/runs/index.js';

function fail(message: string): never {
  console.error(`summarize-run: ${message}`);
  process.exit(1);
}

const dir = process.argv[2];
if (!dir) fail('usage: summarize-run.ts RUN_DIR');
const file = join(dir, 'log.jsonl');
if (!existsSync(file)) fail(`${file} does not exist (not a run directory, or no epoch has finished)`);
const records = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line, i) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      return fail(`${file} line ${i + 1} is not JSON`);
    }
  });
if (records.length === 0) fail(`${file} has no epochs yet`);
const fmt = (v: number | null | undefined, d: number) => (v === null || v === undefined ? '-' : v.toFixed(d));

function searchCurve(log: EpochRecord[]): string[] {
  /** Mean over edges of the largest weight that is not op 0 (`none` in the DARTS and NB201 spaces). */
  const peak = (rows: number[][] | undefined) => (rows ? rows.reduce((s, r) => s + Math.max(...r.slice(1)), 0) / rows.length : Number.NaN);
  return [
    '| epoch | lr | train loss | train acc | val loss | val acc | s | mean max alpha (normal / reduce) | changed cells |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...log.map((r, i) => {
      const changed = i > 0 && log[i - 1]!.genotype !== r.genotype ? 'yes' : i === 0 ? '' : 'no';
      return `| ${r.epoch + 1} | ${r.lr.toExponential(2)} | ${r.train_loss.toFixed(3)} | ${r.train_acc.toFixed(3)} | ${fmt(r.val_loss, 3)} | ${fmt(r.val_acc, 3)} | ${r.seconds.toFixed(0)} | ${peak(r.alphas['normal']).toFixed(3)} / ${peak(r.alphas['reduce']).toFixed(3)} | ${changed} |`;
    }),
    '',
    `Derived after epoch ${log.length}: \`${log.at(-1)?.genotype ?? '-'}\``,
  ];
}

function retrainCurve(log: RetrainEpochRecord[]): string[] {
  const best = log.reduce((b, r) => (r.test_acc > b.test_acc ? r : b));
  const hours = log.reduce((s, r) => s + r.seconds, 0) / 3600;
  return [
    '| epoch | lr | drop-path | train loss | train acc | test loss | test acc | s |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...log.map(
      (r) =>
        `| ${r.epoch + 1} | ${r.lr.toExponential(2)} | ${r.drop_path.toFixed(3)} | ${r.train_loss.toFixed(3)} | ${r.train_acc.toFixed(4)} | ${r.test_loss.toFixed(4)} | ${r.test_acc.toFixed(4)} | ${r.seconds.toFixed(0)} |`,
    ),
    '',
    `After epoch ${log.length}: test accuracy ${(100 * log.at(-1)!.test_acc).toFixed(2)}% (best ${(100 * best.test_acc).toFixed(2)}% after epoch ${best.epoch + 1}), ${hours.toFixed(1)} h of epochs in all.`,
  ];
}

const isRetrain = 'test_acc' in records[0]! && !('alphas' in records[0]!);
console.log(
  (isRetrain ? retrainCurve(records as unknown as RetrainEpochRecord[]) : searchCurve(records as unknown as EpochRecord[])).join('\n'),
);
