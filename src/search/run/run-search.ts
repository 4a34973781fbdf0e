import * as tf from '@tensorflow/tfjs';
import { copyFileSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { spaceByName } from '../../../cells/index.js';
import { currentBackend } from '../../backend/index.js';
import { restoreVariables, writeCheckpoint, writeFileAtomic } from '../../checkpoint/index.js';
import { BatchIterator, computeChannelStats, type BatchIteratorState } from '../../data/index.js';
import { genotypeSvgs } from '../../report/index.js';
import { canonicalString, genotypeToJson } from '../../space/index.js';
import type { Genotype } from '../../space/api.js';
import { createSupernet } from '../../supernet/index.js';
import type { StepMetrics, Strategy } from '../api.js';
import { NasError } from '../../errors.js';
import { resolveSearchConfig } from './config.js';
import { createStrategy } from './create-strategy.js';
import type { SearchConfig } from './config.js';
import { appendEpoch, truncateLog, type EpochRecord } from '../../runs/epoch-log.js';
import { openRun, writeRunConfig } from '../../runs/open-run.js';
import { runFile } from '../../runs/run-dir.js';
import { yieldToEventLoop } from '../../runs/yield.js';
import { fitSkeleton, searchData } from './search-data.js';
import { StepEta } from '../../runs/eta.js';

/** Where a search stands, for progress displays. */
export interface SearchProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly step: number;
  readonly stepsPerEpoch: number;
  readonly metrics: StepMetrics;
  readonly elapsedMs: number;
  /** Estimated time to the end of the run. */
  readonly etaMs: number;
}

export interface RunSearchOptions {
  /** The run directory (`--out`); with `resume`, an existing run to continue. */
  readonly out: string;
  readonly resume?: boolean;
  readonly onStep?: (progress: SearchProgress) => void;
  readonly onEpoch?: (record: EpochRecord) => void;
  /** Polled between steps (e.g. set by SIGINT): the run checkpoints and returns. */
  readonly shouldStop?: () => boolean;
  /**
   * Keep the supernet of every epoch: a copy of the checkpoint in
   * `snapshots/epoch-<n>.nas` (n epochs done), for studying how its rankings
   * change over training (`nas bias --supernet RUN/snapshots/epoch-5.nas`).
   */
  readonly snapshots?: boolean;
  /**
   * Also checkpoint part-way through an epoch once this many minutes passed
   * since the last checkpoint (default 10; 0: at epoch ends and stops only),
   * so a run killed without warning loses at most that much.
   */
  readonly checkpointMinutes?: number;
  /**
   * Drive this strategy instance instead of making the one `config.strategy`
   * names (its `name` must be that name, so a resume can make it again).
   */
  readonly strategy?: Strategy;
}

export interface SearchResult {
  readonly out: string;
  readonly genotype: Genotype;
  readonly canonical: string;
  /** Epochs completed. */
  readonly epochs: number;
  /** True when `shouldStop` ended the run before its last epoch. */
  readonly stopped: boolean;
}

/** Running sums of an epoch's step metrics (kept in checkpoints, so a resumed epoch averages over all its steps). */
interface EpochSums {
  steps: number;
  /** Steps that reported val metrics (a second-order step reports no val accuracy). */
  valLossSteps: number;
  valAccSteps: number;
  trainLoss: number;
  trainAcc: number;
  valLoss: number;
  valAcc: number;
  seconds: number;
}

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

/** Val batches samplers score candidate architectures on. */
const SCORE_BATCHES = 2;

const emptySums = (): EpochSums => ({
  steps: 0,
  valLossSteps: 0,
  valAccSteps: 0,
  trainLoss: 0,
  trainAcc: 0,
  valLoss: 0,
  valAcc: 0,
  seconds: 0,
});

/**
 * Run (or resume) a supernet search and write its run directory:
 * `config.json`, `log.jsonl` (one line per epoch), `checkpoint.nas` (every
 * epoch and when stopped), and at the end `genotype.json`, `genotype.txt`,
 * one SVG per derived cell and `result.json`. The same config, seed and
 * backend give the same genotype; a resumed run ends where an uninterrupted
 * one would.
 */
export async function runSearch(requested: SearchConfig | null, options: RunSearchOptions): Promise<SearchResult> {
  const { out } = options;
  const { clock, loaded, meta } = await openRun<CheckpointMeta>(out, options);
  const base = meta ? settledConfig(meta.config, out) : requested;
  if (!base) throw new Error('runSearch needs a config or a run to resume');
  if (options.strategy && options.strategy.name !== base.strategy)
    throw new NasError(`runSearch: the strategy instance is '${options.strategy.name}' but the config names '${base.strategy}'`);

  const data = await searchData(base);
  const config: SearchConfig = { ...base, skeleton: fitSkeleton(base.skeleton, data.all) };
  const space = spaceByName(config.space);
  if (!loaded) {
    await writeRunConfig(out, 'search', config);
  }

  const stats = computeChannelStats(data.all);
  const trainIt = new BatchIterator(data.train, { batchSize: config.batchSize, seed: `${config.seed}/train`, stats });
  const valIt = new BatchIterator(data.val, { batchSize: config.batchSize, seed: `${config.seed}/val`, stats });
  const supernet = createSupernet(space, config.skeleton, {
    seed: config.seed,
    recomputeCells: config.checkpointCells,
    partialChannels: config.partialChannels ?? 1,
  });
  const strategy = options.strategy ?? createStrategy(config);
  const stepsPerEpoch = trainIt.stepsPerEpoch;
  // The first val batches in order: where samplers score candidate architectures, the same on a resume.
  const scoreIt = new BatchIterator(data.val, { batchSize: config.batchSize, seed: `${config.seed}/score`, shuffle: false, stats });
  const scoreBatches = Array.from({ length: Math.min(SCORE_BATCHES, scoreIt.stepsPerEpoch) }, () => scoreIt.next());
  strategy.setup(supernet, { epochs: config.epochs, stepsPerEpoch, seed: config.seed, scoreBatches });

  let epoch = 0;
  let step = 0;
  let sums = emptySums();
  let elapsedMs = 0;
  const eta = new StepEta();
  try {
    if (loaded && meta) {
      restoreVariables(loaded, supernet.namedTensors());
      // Everything in the checkpoint that is not the supernet's belongs to the strategy (optimizer slots, a controller ...).
      const supernetNames = new Set(supernet.namedTensors().map(([name]) => name));
      const slots = new Map(
        [...loaded.tensors].flatMap(([name, t]) =>
          supernetNames.has(name) ? [] : [[name, tf.tensor(t.values, t.shape, t.dtype)] as const],
        ),
      );
      strategy.restore(meta.strategy, slots);
      tf.dispose([...slots.values()]);
      trainIt.restore(meta.train);
      valIt.restore(meta.val);
      ({ epoch, step, elapsedMs } = meta);
      sums = { ...meta.sums };
      truncateLog(runFile(out, 'log'), epoch);
    }

    /** Checkpoint the run as it stands before step `atStep` of epoch `atEpoch`. */
    const save = async (atEpoch: number, atStep: number) => {
      await writeCheckpoint(
        runFile(out, 'checkpoint'),
        {
          config,
          epoch: atEpoch,
          step: atStep,
          sums,
          train: trainIt.state(),
          val: valIt.state(),
          strategy: strategy.state(),
          elapsedMs,
        } satisfies CheckpointMeta,
        [...supernet.namedTensors(), ...strategy.slots()],
      );
      clock.saved();
    };

    const totalSteps = config.epochs * stepsPerEpoch;
    for (; epoch < config.epochs; epoch++) {
      strategy.beginEpoch(epoch);
      for (; step < stepsPerEpoch; step++) {
        await yieldToEventLoop();
        if (options.shouldStop?.()) {
          await save(epoch, step);
          return finish(false);
        }
        if (clock.due()) await save(epoch, step);
        const started = performance.now();
        const train = trainIt.next();
        const val = valIt.next();
        const metrics = strategy.step(train, val);
        tf.dispose([train.x, train.y, val.x, val.y]);
        const ms = performance.now() - started;
        elapsedMs += ms;
        eta.add(ms);
        accumulate(sums, metrics, ms);
        const done = epoch * stepsPerEpoch + step + 1;
        options.onStep?.({
          epoch,
          epochs: config.epochs,
          step: step + 1,
          stepsPerEpoch,
          metrics,
          elapsedMs,
          etaMs: eta.etaMs(totalSteps - done, elapsedMs / done),
        });
      }
      strategy.endEpoch(epoch);
      const record = epochRecord(epoch, sums);
      appendEpoch(runFile(out, 'log'), record);
      options.onEpoch?.(record);
      [step, sums] = [0, emptySums()];
      await save(epoch + 1, 0);
      if (options.snapshots) {
        const snapshot = join(out, 'snapshots', `epoch-${epoch + 1}.nas`);
        mkdirSync(join(out, 'snapshots'), { recursive: true });
        copyFileSync(runFile(out, 'checkpoint'), `${snapshot}.tmp`);
        renameSync(`${snapshot}.tmp`, snapshot);
      }
    }
    return await finish(true);
  } finally {
    strategy.dispose();
    supernet.dispose();
    tf.dispose(scoreBatches.flatMap((b) => [b.x, b.y]));
  }

  function epochRecord(e: number, s: EpochSums): EpochRecord {
    // The strategy says what else its line holds (lr, alphas, sampled-op counts); a strategy that learns no alphas logs none.
    const n = Math.max(1, s.steps);
    // `lr` comes from the strategy too: one that reports none logs none.
    return {
      epoch: e,
      alphas: {},
      ...strategy.epochLog?.(),
      train_loss: s.trainLoss / n,
      train_acc: s.trainAcc / n,
      val_loss: s.valLossSteps > 0 ? s.valLoss / s.valLossSteps : null,
      val_acc: s.valAccSteps > 0 ? s.valAcc / s.valAccSteps : null,
      seconds: s.seconds,
      genotype: canonicalString(strategy.derive()),
    } as EpochRecord;
  }

  async function finish(completed: boolean): Promise<SearchResult> {
    const genotype = strategy.derive();
    const canonical = canonicalString(genotype);
    if (completed) {
      await writeFileAtomic(runFile(out, 'genotype'), `${genotypeToJson(genotype)}\n`);
      await writeFileAtomic(runFile(out, 'genotypeString'), `${canonical}\n`);
      for (const { name, svg } of await genotypeSvgs(space, genotype)) await writeFileAtomic(join(out, name), svg);
      const result = { genotype: canonical, epochs: config.epochs, seconds: elapsedMs / 1000, backend: currentBackend()?.name ?? null };
      await writeFileAtomic(runFile(out, 'result'), `${JSON.stringify(result, null, 2)}\n`);
    }
    return { out, genotype, canonical, epochs: completed ? config.epochs : epoch, stopped: !completed };
  }
}

/** A checkpoint's config, checked again (and upgraded from older layouts); a strategy this process lacks says how to get it. */
function settledConfig(stored: SearchConfig, out: string): SearchConfig {
  try {
    return resolveSearchConfig(stored, `${out}'s checkpoint`);
  } catch (error) {
    if (error instanceof NasError && error.message.startsWith(`unknown strategy '${stored.strategy}'`)) {
      throw new NasError(
        `${out} was searched with strategy '${stored.strategy}', which this process has not registered; resume it from the script that registers it (e.g. its --resume)`,
      );
    }
    throw error;
  }
}

function accumulate(sums: EpochSums, m: StepMetrics, ms: number): void {
  sums.steps += 1;
  sums.trainLoss += m.trainLoss;
  sums.trainAcc += m.trainAcc;
  if (m.valLoss !== undefined) {
    sums.valLoss += m.valLoss;
    sums.valLossSteps += 1;
  }
  if (m.valAcc !== undefined) {
    sums.valAcc += m.valAcc;
    sums.valAccSteps += 1;
  }
  sums.seconds += ms / 1000;
}
