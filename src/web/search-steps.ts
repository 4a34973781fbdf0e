import * as tf from '@tensorflow/tfjs';
import type { Batch, Dataset } from '../data/api.js';
import { BatchIterator } from '../data/batch-iterator.js';
import { computeChannelStats } from '../data/channel-stats.js';
import { dartsSplit, takeSubset } from '../data/select-records.js';
import { NasError } from '../errors.js';
import { supernetFromConfig } from '../runs/supernet-from-config.js';
import { createStrategy } from '../search/run/create-strategy.js';
import { type SearchConfig, type SearchRequest, settleSearchConfig } from '../search/run/settle-config.js';
import type { StepMetrics } from '../search/api.js';
import { canonicalString } from '../space/canonical-string.js';
import type { Genotype } from '../space/api.js';

/** One step as the page shows it: the strategy's metrics and the step's wall time (read-back included). */
export interface StepRecord extends StepMetrics {
  readonly ms: number;
}

/** What a few search steps produced, plain JSON (the page's `window.__nasResult`). */
export interface SearchStepsResult {
  /** tfjs's backend the steps ran on. */
  readonly backend: string;
  /** The settled config, as `nas search` writes it to config.json. */
  readonly config: SearchConfig;
  readonly steps: readonly StepRecord[];
  /** Softmax of each decision group's architecture parameters, `[row][option]`, after the steps. */
  readonly archWeights: Record<string, number[][]>;
  /** The derived genotype (plain data, as genotype.json holds it) and its canonical string. */
  readonly genotype: Genotype;
  readonly canonical: string;
}

export interface SearchStepsOptions {
  /** Steps to run (one epoch's beginning; the epoch is closed after them, so samplers derive). */
  readonly steps: number;
  /** Called after each step, e.g. to show it. */
  readonly onStep?: (record: StepRecord, index: number) => void;
}

/** The first `count` batches of `data` in order, kept for a sampler's scoring (as `runSearch` makes them). */
function fixedBatches(data: Dataset, config: SearchConfig, stats: ReturnType<typeof computeChannelStats>, count: number): Batch[] {
  const it = new BatchIterator(data, { batchSize: config.batchSize, seed: `${config.seed}/score`, shuffle: false, stats });
  return Array.from({ length: Math.min(count, it.stepsPerEpoch) }, () => it.next());
}

/**
 * A few steps of a supernet search on an in-memory data set, with no file
 * system: what a browser page runs (examples/browser), and what a Node test
 * runs on the cpu backend to check the page's numbers. It settles the
 * request as `nas search` does (`settleSearchConfig`), cuts the data as
 * `searchData` does (seeded class-balanced subset of `trainLimit`, then the
 * DARTS split) and batches, builds and trains exactly as `runSearch` does, so
 * the same request and images give the same first batch and loss anywhere.
 * Every tensor it makes is freed before it returns.
 */
export async function runSearchSteps(full: Dataset, request: SearchRequest, options: SearchStepsOptions): Promise<SearchStepsResult> {
  if (!Number.isInteger(options.steps) || options.steps < 1) throw new NasError(`steps must be a positive integer, got ${options.steps}`);
  const settled = settleSearchConfig({ ...request, dataDir: null }, 'the page', null);
  const all = settled.trainLimit === null ? full : takeSubset(full, Math.min(settled.trainLimit, full.count), `${settled.seed}/subset`);
  const config: SearchConfig = { ...settled, skeleton: { ...settled.skeleton, inputChannels: all.channels, classes: all.classes } };
  const { train, val } = dartsSplit(all, config.trainPortion, config.seed);
  const stats = computeChannelStats(all);
  const trainIt = new BatchIterator(train, { batchSize: config.batchSize, seed: `${config.seed}/train`, stats });
  const valIt = new BatchIterator(val, { batchSize: config.batchSize, seed: `${config.seed}/val`, stats });
  const kept: Batch[] = [];
  const supernet = supernetFromConfig(config);
  const strategy = createStrategy(config);
  try {
    strategy.setup(supernet, {
      epochs: config.epochs,
      stepsPerEpoch: trainIt.stepsPerEpoch,
      seed: config.seed,
      fixedBatches: (split, count) => {
        const batches = fixedBatches(split === 'train' ? train : val, config, stats, count);
        kept.push(...batches);
        return batches;
      },
    });
    strategy.beginEpoch(0);
    const steps: StepRecord[] = [];
    for (let i = 0; i < options.steps; i++) {
      const trainBatch = trainIt.next();
      const valBatch = valIt.next();
      const start = performance.now();
      try {
        const metrics = await strategy.step(trainBatch, valBatch);
        steps.push({ ...metrics, ms: performance.now() - start });
      } finally {
        tf.dispose([trainBatch.x, trainBatch.y, valBatch.x, valBatch.y]);
      }
      options.onStep?.(steps[i]!, i);
    }
    await strategy.endEpoch(0);
    const genotype = await strategy.derive();
    return {
      backend: tf.getBackend(),
      config,
      steps,
      archWeights: await supernet.archWeights(),
      genotype,
      canonical: canonicalString(genotype),
    };
  } finally {
    for (const batch of kept) tf.dispose([batch.x, batch.y]);
    strategy.dispose();
    supernet.dispose();
  }
}
