import * as tf from '@tensorflow/tfjs';
import { spaceByName } from '../../cells/index.js';
import { currentBackend } from '../backend/index.js';
import { restoreVariables, writeCheckpoint, writeFileAtomic } from '../checkpoint/index.js';
import {
  BatchIterator,
  computeChannelStats,
  dartsSplit,
  loadDataset,
  takeSubset,
  type BatchIteratorState,
  type ChannelStats,
  type Dataset,
} from '../data/index.js';
import { gradsOf } from '../train/grads.js';
import { SgdMomentum, clipGradNorm, cosineLr, slotsUnder, type OptimizerState } from '../train/optim/index.js';
import { appendEpoch, truncateLog } from '../runs/epoch-log.js';
import { openRun, writeRunConfig } from '../runs/open-run.js';
import { runFile } from '../runs/run-dir.js';
import { canonicalString, genotypeToJson } from '../space/index.js';
import { DropPath, FixedNetwork } from '../supernet/index.js';
import { dartsAugment } from './augment.js';
import type { RetrainConfig } from './config.js';
import { NasError } from '../errors.js';
import { evaluate, type Evaluation } from './evaluate.js';
import { inheritWeights } from './inherit.js';
import { multAdds } from './mult-adds.js';
import { yieldToEventLoop } from '../runs/yield.js';
import { StepEta } from '../runs/eta.js';

/** One line of a retraining run's `log.jsonl`. */
export interface RetrainEpochRecord {
  readonly epoch: number;
  readonly lr: number;
  readonly drop_path: number;
  readonly train_loss: number;
  readonly train_acc: number;
  readonly test_loss: number;
  readonly test_acc: number;
  readonly seconds: number;
}

/** Where a retraining run stands, for progress displays. */
export interface RetrainProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly step: number;
  readonly stepsPerEpoch: number;
  readonly loss: number;
  readonly acc: number;
  readonly elapsedMs: number;
  readonly etaMs: number;
}

export interface RunRetrainOptions {
  readonly out: string;
  readonly resume?: boolean;
  readonly onStep?: (progress: RetrainProgress) => void;
  readonly onEpoch?: (record: RetrainEpochRecord) => void;
  readonly shouldStop?: () => boolean;
  /** Also checkpoint part-way through an epoch once this many minutes passed since the last checkpoint (default 10; 0: epoch ends and stops only). */
  readonly checkpointMinutes?: number;
}

/** `result.json` of a finished retraining run. */
export interface RetrainResult {
  readonly genotype: string;
  readonly test_acc: number;
  readonly test_loss: number;
  /** Which images `test_acc` is measured on: the test split, or images held out of the training split (`holdout`). */
  readonly evaluated_on: 'test' | 'holdout';
  /** Trainable weights outside the auxiliary head (what papers report). */
  readonly params: number;
  readonly params_with_aux: number;
  /** Multiply-adds of one inference on one image (convolutions and matrix products). */
  readonly mult_adds: number;
  readonly epochs: number;
  readonly seconds: number;
  readonly backend: string | null;
  /** Tensors copied from the search supernet (weight inheritance), or null. */
  readonly inherited: number | null;
}

export interface RetrainOutcome {
  readonly out: string;
  readonly result: RetrainResult | null;
  readonly epochs: number;
  readonly stopped: boolean;
}

interface Sums {
  steps: number;
  loss: number;
  acc: number;
  seconds: number;
}

/** The plain part of a retraining checkpoint. */
export interface RetrainCheckpointMeta {
  readonly config: RetrainConfig;
  readonly epoch: number;
  readonly step: number;
  readonly sums: Sums;
  readonly train: BatchIteratorState;
  readonly optimizer: OptimizerState;
  readonly elapsedMs: number;
  readonly inherited: number | null;
  /** The input normalisation the network was trained with (what an exported model bakes in). */
  readonly stats: ChannelStats;
}

const emptySums = (): Sums => ({ steps: 0, loss: 0, acc: 0, seconds: 0 });

/**
 * Training and evaluation images: the test split, or with `holdout` images
 * held out of the training split (a seeded random draw) and never trained on.
 */
async function retrainData(config: RetrainConfig): Promise<{ train: Dataset; test: Dataset }> {
  const dir = config.dataDir ?? undefined;
  let train = await loadDataset(config.dataset, 'train', dir);
  let test: Dataset;
  const holdout = config.holdout ?? null;
  if (holdout === null) {
    test = await loadDataset(config.dataset, 'test', dir);
  } else {
    if (holdout >= train.count)
      throw new NasError(`--holdout ${holdout} leaves no training images (the ${config.dataset} training split has ${train.count})`);
    // Half an image of margin: the split floors portion x count.
    const split = dartsSplit(train, (train.count - holdout + 0.5) / train.count, `${config.seed}/holdout`);
    [train, test] = [split.train, split.val];
  }
  return {
    train: config.trainLimit === null ? train : takeSubset(train, Math.min(config.trainLimit, train.count), `${config.seed}/train-subset`),
    test: config.testLimit === null ? test : takeSubset(test, Math.min(config.testLimit, test.count), `${config.seed}/test-subset`),
  };
}

/** Softmax cross-entropy with optional label smoothing. */
function classLoss(logits: tf.Tensor2D, labels: tf.Tensor1D, smoothing: number): tf.Scalar {
  return tf.tidy(() => {
    const onehot = tf.cast(tf.oneHot(labels, logits.shape[1]), 'float32');
    return tf.losses.softmaxCrossEntropy(onehot, logits, undefined, smoothing) as tf.Scalar;
  });
}

/**
 * Retrain a genotype from scratch (or from inherited supernet weights) and
 * write its run directory: `config.json`, `genotype.json`, `log.jsonl` (one
 * line per epoch, with test accuracy), `checkpoint.nas` (every epoch and when
 * stopped; `resume` continues it exactly) and `result.json` at the end.
 */
export async function runRetrain(requested: RetrainConfig | null, options: RunRetrainOptions): Promise<RetrainOutcome> {
  const { out } = options;
  const { clock, loaded, meta, restart } = await openRun<RetrainCheckpointMeta>(out, 'retrain', options);
  // A run killed before its first checkpoint starts again from its config.json.
  const base = meta?.config ?? (restart as RetrainConfig | null) ?? requested;
  if (!base) throw new Error('runRetrain needs a config or a run to resume');

  const data = await retrainData(base);
  const config: RetrainConfig = {
    ...base,
    skeleton: { ...base.skeleton, inputChannels: data.train.channels, classes: data.train.classes },
    inputSize: data.train.height,
  };
  if (!loaded) {
    await writeRunConfig(out, 'retrain', config);
    await writeFileAtomic(runFile(out, 'genotype'), `${genotypeToJson(config.genotype)}\n`);
  }

  const space = spaceByName(config.space);
  const stats = computeChannelStats(data.train);
  const trainIt = new BatchIterator(data.train, {
    batchSize: config.batchSize,
    seed: `${config.seed}/train`,
    stats,
    augment: dartsAugment(config.augment, `${config.seed}/augment`),
  });
  const dropPath = new DropPath();
  const net = new FixedNetwork(space, config.skeleton, config.genotype, {
    seed: config.seed,
    affine: true,
    ...(config.dropPath > 0 ? { dropPath } : {}),
    auxiliary: config.auxiliary,
    inputSize: data.train.height,
  });
  const variables = net.network.parameters();
  const optimizer = new SgdMomentum(variables, { momentum: config.momentum, weightDecay: config.weightDecay });
  const named = (): [string, tf.Variable][] => [...net.network.namedParameters('net.'), ...net.network.namedBuffers('net.')];
  const stepsPerEpoch = trainIt.stepsPerEpoch;

  let epoch = 0;
  let step = 0;
  let sums = emptySums();
  let elapsedMs = 0;
  const eta = new StepEta();
  let inherited: number | null = null;
  try {
    if (loaded && meta) {
      restoreVariables(loaded, named());
      const slots = new Map(
        [...slotsUnder(loaded.tensors, 'optim')].map(([name, t]) => [name, tf.tensor(t.values, t.shape, t.dtype)] as const),
      );
      optimizer.restore(meta.optimizer, slots);
      tf.dispose([...slots.values()]);
      trainIt.restore(meta.train);
      ({ epoch, step, elapsedMs, inherited } = meta);
      sums = { ...meta.sums };
      truncateLog(runFile(out, 'log'), epoch);
    } else if (config.inherit !== null) {
      inherited = await inheritWeights(config.inherit, config, net);
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
          optimizer: optimizer.state(),
          elapsedMs,
          inherited,
          stats,
        } satisfies RetrainCheckpointMeta,
        [...named(), ...optimizer.slots().map(([name, v]) => [`optim.${name}`, v] as const)],
      );
      clock.saved();
    };

    const totalSteps = config.epochs * stepsPerEpoch;
    for (; epoch < config.epochs; epoch++) {
      const lr = cosineLr(epoch, config.epochs, config.lr, config.lrMin);
      const dropProb = (config.dropPath * epoch) / config.epochs;
      for (; step < stepsPerEpoch; step++) {
        await yieldToEventLoop();
        if (options.shouldStop?.()) {
          await save(epoch, step);
          return { out, result: null, epochs: epoch, stopped: true };
        }
        if (clock.due()) await save(epoch, step);
        const started = performance.now();
        const batch = trainIt.next();
        dropPath.set(dropProb, `${config.seed}/drop-path/${epoch}/${step}`);
        let logits: tf.Tensor2D | null = null;
        const lossValue = tf.tidy(() => {
          const { value, grads } = gradsOf(() => {
            const { logits: main, aux } = net.forwardWithAux(batch.x, true);
            logits = tf.keep(main);
            const loss = classLoss(main, batch.y, config.labelSmoothing);
            return aux ? tf.add(loss, tf.mul(classLoss(aux, batch.y, config.labelSmoothing), config.auxWeight)) : loss;
          }, variables);
          const full = grads.map((g, i) => g ?? tf.zerosLike(variables[i]!));
          const clipped = config.gradClip > 0 ? clipGradNorm(full, config.gradClip).grads : full;
          optimizer.apply(clipped, lr);
          return value.dataSync()[0] ?? 0;
        });
        const acc = tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(logits!, 1), batch.y), 'float32')).dataSync()[0] ?? 0);
        tf.dispose([batch.x, batch.y, logits!]);
        const ms = performance.now() - started;
        elapsedMs += ms;
        eta.add(ms);
        sums.steps += 1;
        sums.loss += lossValue;
        sums.acc += acc;
        sums.seconds += ms / 1000;
        const done = epoch * stepsPerEpoch + step + 1;
        options.onStep?.({
          epoch,
          epochs: config.epochs,
          step: step + 1,
          stepsPerEpoch,
          loss: lossValue,
          acc,
          elapsedMs,
          etaMs: eta.etaMs(totalSteps - done, elapsedMs / done),
        });
      }
      const test = evaluate(net, data.test, stats, config.batchSize);
      const record: RetrainEpochRecord = {
        epoch,
        lr,
        drop_path: dropProb,
        train_loss: sums.loss / Math.max(1, sums.steps),
        train_acc: sums.acc / Math.max(1, sums.steps),
        test_loss: test.loss,
        test_acc: test.accuracy,
        seconds: sums.seconds,
      };
      appendEpoch(runFile(out, 'log'), record);
      options.onEpoch?.(record);
      [step, sums] = [0, emptySums()];
      await save(epoch + 1, 0);
      if (epoch === config.epochs - 1) {
        const result = resultOf(test);
        await writeFileAtomic(runFile(out, 'result'), `${JSON.stringify(result, null, 2)}\n`);
        return { out, result, epochs: config.epochs, stopped: false };
      }
    }
    // Resumed after the last epoch: evaluate again for the result.
    const result = resultOf(evaluate(net, data.test, stats, config.batchSize));
    await writeFileAtomic(runFile(out, 'result'), `${JSON.stringify(result, null, 2)}\n`);
    return { out, result, epochs: config.epochs, stopped: false };
  } finally {
    optimizer.dispose();
    net.dispose();
  }

  function resultOf(test: Evaluation): RetrainResult {
    return {
      genotype: canonicalString(config.genotype),
      test_acc: test.accuracy,
      test_loss: test.loss,
      evaluated_on: (config.holdout ?? null) === null ? 'test' : 'holdout',
      params: net.mainParameterCount(),
      params_with_aux: net.network.parameterCount(),
      mult_adds: multAdds(net, [data.test.height, data.test.width, data.test.channels]),
      epochs: config.epochs,
      seconds: elapsedMs / 1000,
      backend: currentBackend()?.name ?? null,
      inherited,
    };
  }
}
