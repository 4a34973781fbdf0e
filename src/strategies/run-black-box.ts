import { writeFileAtomic } from '../checkpoint/index.js';
import type { Estimator } from '../estimators/api.js';
import { createRng } from '../random/index.js';
import { prepareRunDir } from '../search/run/run-dir.js';
import { join } from 'node:path';
import type { Query, BlackBoxStrategy } from './api.js';

/** Mean and sample standard deviation. */
function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = values.length > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, std };
}

/** What `runBlackBox` writes to `result.json`. */
export interface BlackBoxResult {
  readonly strategy: string;
  readonly estimator: string;
  readonly budget: number;
  readonly seeds: number;
  /** Over seeds: the final best score, and the reported test score of that architecture. */
  readonly best_score: { mean: number; std: number };
  readonly best_test: { mean: number; std: number } | null;
  /** Per query count 1..budget, the mean over seeds of the best-so-far test (or score) : the search curve. */
  readonly curve: number[];
  readonly seconds: number;
}

/**
 * Run a black-box strategy `seeds` times (seeds `${seed}/0` ...) with
 * `budget` queries each and write `out`: `history.jsonl` (one line per query:
 * seed, index, genotype, score, test, best so far), `result.json`.
 */
export async function runBlackBox(
  strategy: BlackBoxStrategy,
  estimator: Estimator,
  options: { readonly budget: number; readonly seeds: number; readonly seed: string; readonly out: string; readonly onSeed?: (seed: number, history: readonly Query[]) => void },
): Promise<BlackBoxResult> {
  const { budget, seeds, out } = options;
  prepareRunDir(out, false);
  const started = performance.now();
  const lines: string[] = [];
  const runs: Query[][] = [];
  for (let s = 0; s < seeds; s++) {
    const history = await strategy.run(estimator, budget, createRng(`${options.seed}/${s}`));
    for (const q of history) lines.push(JSON.stringify({ seed: s, ...q }));
    runs.push(history);
    options.onSeed?.(s, history);
  }
  const finals = runs.map((h) => h.at(-1)!);
  const tests = finals.map((q) => q.bestTest);
  const haveTest = tests.every((t): t is number => t !== null);
  const curve = Array.from({ length: budget }, (_, i) => meanStd(runs.map((h) => (haveTest ? h[i]!.bestTest! : h[i]!.bestScore))).mean);
  const result: BlackBoxResult = {
    strategy: strategy.name,
    estimator: estimator.name,
    budget,
    seeds,
    best_score: meanStd(finals.map((q) => q.bestScore)),
    best_test: haveTest ? meanStd(tests as number[]) : null,
    curve: curve.map((v) => Math.round(v * 1000) / 1000),
    seconds: (performance.now() - started) / 1000,
  };
  await writeFileAtomic(join(out, 'history.jsonl'), `${lines.join('\n')}\n`);
  await writeFileAtomic(join(out, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
