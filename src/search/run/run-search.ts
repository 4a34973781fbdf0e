import * as tf from '@tensorflow/tfjs';
import { copyFileSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { currentBackend } from '../../backend/index.js';
import { readCheckpoint, restoreVariables, writeCheckpoint, writeFileAtomic } from '../../checkpoint/index.js';
import type { Batch } from '../../data/api.js';
import { BatchIterator, computeChannelStats, type BatchIteratorState } from '../../data/index.js';
import { NasError } from '../../errors.js';
import { genotypeSvgs } from '../../report/index.js';
import type { EpochRecord } from '../../runs/epoch-log.js';
import { openRun, writeRunConfig } from '../../runs/open-run.js';
import { runFile } from '../../runs/run-dir.js';
import { supernetFromConfig } from '../../runs/supernet-from-config.js';
import { runTrainingLoop, type EpochSums, type LoopPosition } from '../../runs/training-loop.js';
import { canonicalString, genotypeToJson } from '../../space/index.js';
import type { StepMetrics } from '../api.js';
import { resolveSearchConfig, type SearchConfig } from './config.js';
import { createStrategy } from './create-strategy.js';
import { fitSkeleton, searchData } from './search-data.js';
import { upgradeSums } from './upgrade-sums.js';
import type { RunSearchOptions, SearchResult } from './api.js';

export type { RunSearchOptions, SearchProgress, SearchResult } from './api.js';

interface CheckpointMeta {
  readonly config: SearchConfig;
  readonly epoch: number;
  readonly step: number;
  readonly sums: EpochSums;
  readonly train: BatchIteratorState;
  readonly val: BatchIteratorState;
  readonly strategy: unknown;
  readonly elapsedMs: number;
}

/** A stored config, checked again (and upgraded from older layouts); a strategy this process lacks says how to get it. */
function settledConfig(stored: unknown, out: string): SearchConfig {
  const name = (stored as { strategy?: unknown } | null)?.strategy;
  try {
    return resolveSearchConfig(stored as SearchConfig, `${out}'s config`);
  } catch (error) {
    if (error instanceof NasError && error.message.startsWith(`unknown strategy '${String(name)}'`)) {
      throw new NasError(
        `${out} was searched with strategy '${String(name)}', which this process has not registered; resume it from the script that registers it (e.g. its --resume)`,
      );
    }
    throw error;
  }
}

/**
 * Run (or resume) a supernet search and write its run directory:
 * `config.json`, `log.jsonl` (one line per epoch), `checkpoint.nas` (every
 * epoch, when stopped and on the clock), and at the end `genotype.json`,
 * `genotype.txt`, one SVG per derived cell and `result.json`. The same
 * config, seed and backend give the same genotype; a resumed run ends where
 * an uninterrupted one would (the loop is `runTrainingLoop`).
 */
export async function runSearch(requested: SearchConfig | null, options: RunSearchOptions): Promise<SearchResult> {
  const { out } = options;
  const { clock, loaded, meta, restart } = await openRun<CheckpointMeta>(out, 'search', options);
  const stored = meta?.config ?? restart;
  const base = stored ? settledConfig(stored, out) : requested;
  if (!base) throw new Error('runSearch needs a config or a run to resume');
  if (options.strategy && options.strategy.name !== base.strategy)
    throw new NasError(`runSearch: the strategy instance is '${options.strategy.name}' but the config names '${base.strategy}'`);

  const data = await searchData(base);
  const config: SearchConfig = { ...base, skeleton: fitSkeleton(base.skeleton, data.all) };
  if (!loaded) await writeRunConfig(out, 'search', config);

  const stats = computeChannelStats(data.all);
  const trainIt = new BatchIterator(data.train, { batchSize: config.batchSize, seed: `${config.seed}/train`, stats });
  const valIt = new BatchIterator(data.val, { batchSize: config.batchSize, seed: `${config.seed}/val`, stats });
  const supernet = supernetFromConfig(config);
  const strategy = options.strategy ?? createStrategy(config);
  // The first batches of each split in order (samplers score candidates on val, re-calibrate on train), the same on a resume.
  const fixed = { train: [] as Batch[], val: [] as Batch[] };
  const fixedBatches = (split: 'train' | 'val', count: number): readonly Batch[] => {
    const list = fixed[split];
    if (list.length < count) {
      const images = split === 'train' ? data.train : data.val;
      const it = new BatchIterator(images, { batchSize: config.batchSize, seed: `${config.seed}/score`, shuffle: false, stats });
      for (let i = 0; i < Math.min(count, it.stepsPerEpoch); i++) {
        const batch = it.next();
        if (i < list.length) tf.dispose([batch.x, batch.y]);
        else list.push(batch);
      }
    }
    return list.slice(0, count);
  };
  try {
    strategy.setup(supernet, { epochs: config.epochs, stepsPerEpoch: trainIt.stepsPerEpoch, seed: config.seed, fixedBatches });
    let from: LoopPosition | null = null;
    if (loaded && meta) {
      restoreVariables(loaded, supernet.namedTensors());
      // Everything in the checkpoint that is not the supernet's belongs to the strategy (optimizer slots, a controller ...).
      const supernetNames = new Set(supernet.namedTensors().map(([name]) => name));
      const slots = new Map(
        [...loaded.tensors].flatMap(([name, t]) =>
          supernetNames.has(name) ? [] : [[name, tf.tensor(t.values, t.shape, t.dtype)] as const],
        ),
      );
      try {
        strategy.restore(meta.strategy, slots);
      } finally {
        tf.dispose([...slots.values()]);
      }
      trainIt.restore(meta.train);
      valIt.restore(meta.val);
      from = { epoch: meta.epoch, step: meta.step, sums: upgradeSums(meta.sums), elapsedMs: meta.elapsedMs };
    } else if (options.initialWeights !== undefined) {
      restoreVariables(await readCheckpoint(options.initialWeights), supernet.namedTensors(), `initial weights ${options.initialWeights}`);
    }

    let metrics: StepMetrics = { trainLoss: Number.NaN, trainAcc: Number.NaN };
    const run = await runTrainingLoop(
      {
        epochs: config.epochs,
        stepsPerEpoch: trainIt.stepsPerEpoch,
        beginEpoch: (epoch) => strategy.beginEpoch(epoch),
        step: async () => {
          const train = trainIt.next();
          const val = valIt.next();
          try {
            metrics = await strategy.step(train, val);
          } finally {
            tf.dispose([train.x, train.y, val.x, val.y]);
          }
          return { train_loss: metrics.trainLoss, train_acc: metrics.trainAcc, val_loss: metrics.valLoss, val_acc: metrics.valAcc };
        },
        endEpoch: async (epoch, means, seconds) => {
          await strategy.endEpoch(epoch);
          // The strategy says what else its line holds (lr, alphas, sampled-op counts); one that learns no alphas logs none.
          return {
            alphas: {},
            ...(await strategy.epochLog?.()),
            train_loss: means.train_loss ?? null,
            train_acc: means.train_acc ?? null,
            val_loss: means.val_loss ?? null,
            val_acc: means.val_acc ?? null,
            seconds,
            genotype: canonicalString(await strategy.derive()),
          };
        },
        save: (position) =>
          writeCheckpoint(
            runFile(out, 'checkpoint'),
            {
              config,
              ...position,
              train: trainIt.state(),
              val: valIt.state(),
              strategy: strategy.state(),
            } satisfies CheckpointMeta,
            [...supernet.namedTensors(), ...strategy.slots()],
          ),
        afterEpoch: (epoch) => {
          if (!options.snapshots) return;
          const snapshot = join(out, 'snapshots', `epoch-${epoch + 1}.nas`);
          mkdirSync(join(out, 'snapshots'), { recursive: true });
          copyFileSync(runFile(out, 'checkpoint'), `${snapshot}.tmp`);
          renameSync(`${snapshot}.tmp`, snapshot);
        },
      },
      {
        log: runFile(out, 'log'),
        clock,
        from,
        ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
        onStep: (p) => options.onStep?.({ ...p, metrics }),
        onEpoch: (record) => options.onEpoch?.(record as unknown as EpochRecord),
      },
    );

    const genotype = await strategy.derive();
    const canonical = canonicalString(genotype);
    if (run.completed) {
      await writeFileAtomic(runFile(out, 'genotype'), `${genotypeToJson(genotype)}\n`);
      await writeFileAtomic(runFile(out, 'genotypeString'), `${canonical}\n`);
      for (const { name, svg } of await genotypeSvgs(supernet.space, genotype)) await writeFileAtomic(join(out, name), svg);
      const result = {
        genotype: canonical,
        epochs: config.epochs,
        seconds: run.position.elapsedMs / 1000,
        backend: currentBackend()?.name ?? null,
      };
      await writeFileAtomic(runFile(out, 'result'), `${JSON.stringify(result, null, 2)}\n`);
    }
    return {
      out,
      strategy: config.strategy,
      genotype,
      canonical,
      epochs: run.completed ? config.epochs : run.position.epoch,
      stopped: !run.completed,
    };
  } finally {
    strategy.dispose();
    supernet.dispose();
    tf.dispose([...fixed.train, ...fixed.val].flatMap((b) => [b.x, b.y]));
  }
}
