/**
 * One process's measurement of a supernet-estimator query: median time of
 * `SupernetEstimator.measure` (BatchNorm re-calibrated on the fixed path,
 * then scored in inference mode) on a DARTS search supernet rebuilt from a
 * run directory written here (config.json and checkpoint.nas of an untrained
 * supernet: the time does not depend on the weights), over the embedded
 * Fashion-MNIST subset. Prints one JSON line.
 * Usage: tsx bench/estimator-step.ts --C 8 --layers 5 --batch 64 --batches 2 --steps 3
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spaceByName } from '../cells/index.js';
import { initBackend } from '../src/backend/index.js';
import { writeCheckpoint } from '../src/checkpoint/index.js';
import { embeddedFashionSubsetDir } from '../src/data/index.js';
import { SupernetEstimator } from '../src/estimators/index.js';
import { createRng } from '../src/random/index.js';
import { runFile, supernetFromConfig } from '../src/runs/index.js';
import { writeRunConfig } from '../src/runs/open-run.js';
import { resolveSearchConfig } from '../src/search/index.js';
import { sampleGenotype } from '../src/space/index.js';
import { medianMs } from './timing.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1] ?? fallback) : fallback;
}

const [channels, layers, batch, batches, steps] = [
  flag('C', 8),
  flag('layers', 5),
  flag('batch', 64),
  flag('batches', 2),
  flag('steps', 3),
];
const backend = await initBackend('wasm');
const dir = mkdtempSync(join(tmpdir(), 'nas-bench-estimator-'));
try {
  const c = resolveSearchConfig({ strategy: 'darts', channels, layers, seed: 0, dataDir: embeddedFashionSubsetDir() });
  const config = { ...c, skeleton: { ...c.skeleton, inputChannels: 1, classes: 10 } };
  await writeRunConfig(dir, 'search', config);
  const supernet = supernetFromConfig(config);
  await writeCheckpoint(runFile(dir, 'checkpoint'), { config, epoch: 0, step: 0 }, supernet.namedTensors());
  supernet.dispose();
  const estimator = await SupernetEstimator.load(dir, { recalibrationBatches: batches, evalBatches: batches, batchSize: batch });
  const rng = createRng('bench');
  const space = spaceByName('darts');
  const ms = medianMs(() => estimator.measure(sampleGenotype(space, rng)), steps, 1);
  estimator.dispose();
  console.log(
    JSON.stringify({ median_query_ms: Math.round(ms), images_per_query: 2 * batches * batch, threads: backend.details['threads'] ?? null }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
