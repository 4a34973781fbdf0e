import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NasError } from '../errors.js';
import type { Estimator } from './api.js';
import { RankAverageEstimator } from './rank-average.js';
import { SupernetEstimator, type SupernetEstimatorOptions } from './supernet.js';

/** The last `k` per-epoch snapshots a search run kept (`--snapshots`: `<run>/snapshots/epoch-<n>.nas`), oldest first. */
export function lastSnapshots(runDir: string, k: number): string[] {
  if (!(Number.isInteger(k) && k >= 2)) throw new NasError(`--ensemble must be an integer >= 2, got ${k}`);
  if (!(existsSync(runDir) && statSync(runDir).isDirectory())) throw new NasError(`--ensemble needs a run directory, got ${runDir}`);
  const dir = join(runDir, 'snapshots');
  const epochs = existsSync(dir)
    ? readdirSync(dir)
        .map((f) => /^epoch-(\d+)\.nas$/.exec(f))
        .filter((m) => m !== null)
        .map((m) => Number(m[1]))
        .sort((a, b) => a - b)
    : [];
  if (epochs.length < k)
    throw new NasError(`--ensemble ${k}: ${runDir} kept ${epochs.length} snapshot(s); search with --snapshots for at least ${k} epochs`);
  return epochs.slice(-k).map((e) => join(dir, `epoch-${e}.nas`));
}

/**
 * A supernet scored as a checkpoint ensemble: the mean percentile rank of an
 * architecture over the supernets of a run's last `k` epochs (each a
 * `SupernetEstimator`, combined by `RankAverageEstimator` against a fixed
 * reference sample of `reference` architectures drawn with `seed`). One
 * snapshot's ranking moves with the last few batches it trained on; the
 * average over nearby snapshots smooths that noise, as averaging the
 * rankings of several checkpoints does in the one-shot ranking studies
 * (Ning et al., "Evaluating Efficient Performance Estimators of Neural
 * Architectures", NeurIPS 2021). Cost: the k scorings'.
 */
export async function loadSnapshotEnsemble(
  runDir: string,
  k: number,
  options: Partial<SupernetEstimatorOptions>,
  reference: number,
  seed: string,
): Promise<RankAverageEstimator> {
  const files = lastSnapshots(runDir, k);
  const parts: Estimator[] = [];
  try {
    for (const file of files) parts.push(await SupernetEstimator.load(file, options));
    return await RankAverageEstimator.create(parts, reference, seed, `supernet:${runDir}@last-${k}`);
  } catch (error) {
    for (const p of parts) p.dispose?.();
    throw error;
  }
}
