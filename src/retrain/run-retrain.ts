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
import { slotsUnder, type OptimizerState } from '../train/optim/index.js';
import { readScalars } from '../train/read-back.js';
import { classifierStep, type StepScalars } from '../train/step.js';
import { WeightTrainer } from '../train/weight-trainer.js';
import { openRun, writeRunConfig } from '../runs/open-run.js';
import { runTrainingLoop, type EpochSums, type LoopPosition } from '../runs/training-loop.js';
import { runFile } from '../runs/run-dir.js';
import { canonicalString, genotypeToJson } from '../space/index.js';
import { DropPath, FixedNetwork } from '../supernet/index.js';
import { dartsAugment } from './augment.js';
import type { RetrainConfig } from './config.js';
import { NasError } from '../errors.js';
import { evaluateAsync, type Evaluation } from './evaluate.js';
import { inheritWeights } from './inherit.js';
import { multAdds } from './mult-adds.js';
import { resizeArea } from '../table/resize-area.js';

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
  /** A new run's initial weights from elsewhere (a parent network's, through a morphism: Lamarckian evolution); returns how many tensors it set. */
  readonly initWeights?: (net: FixedNetwork) => Promise<number>;
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

/** The plain part of a retraining checkpoint. */
export interface RetrainCheckpointMeta {
  readonly config: RetrainConfig;
  readonly epoch: number;
  readonly step: number;
  readonly sums: EpochSums;
  readonly train: BatchIteratorState;
  readonly optimizer: OptimizerState;
  readonly elapsedMs: number;
  readonly inherited: number | null;
  /** The input normalisation the network was trained with (what an exported model bakes in). */
  readonly stats: ChannelStats;
}

/** A retraining checkpoint's epoch sums before the shared training loop kept them by metric name. */
interface RetrainSumsBefore {
  readonly steps: number;
  readonly loss: number;
  readonly acc: number;
  readonly seconds: number;
}

/** The loop's epoch sums from a checkpoint (older ones converted, so they still resume mid-epoch). */
function upgradeRetrainSums(sums: EpochSums | RetrainSumsBefore): EpochSums {
  if ('sums' in sums) return sums;
  const counts = { train_loss: sums.steps, train_acc: sums.steps };
  return { steps: sums.steps, seconds: sums.seconds, sums: { train_loss: sums.loss, train_acc: sums.acc }, counts };
}

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
  // Resized after the draws, so a smaller image size trains and is scored on the same images.
  const size = (d: Dataset) => ((config.imageSize ?? null) === null ? d : resizeArea(d, config.imageSize!));
  return {
    train: size(
      config.trainLimit === null ? train : takeSubset(train, Math.min(config.trainLimit, train.count), `${config.seed}/train-subset`),
    ),
    test: size(config.testLimit === null ? test : takeSubset(test, Math.min(config.testLimit, test.count), `${config.seed}/test-subset`)),
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
  const trainer = new WeightTrainer(variables, {
    weightLr: config.lr,
    weightLrMin: config.lrMin,
    momentum: config.momentum,
    weightDecay: config.weightDecay,
    gradClip: config.gradClip,
  });
  const named = (): [string, tf.Variable][] => [...net.network.namedParameters('net.'), ...net.network.namedBuffers('net.')];
  let inherited: number | null = null;
  try {
    let from: LoopPosition | null = null;
    if (loaded && meta) {
      restoreVariables(loaded, named());
      const slots = new Map(
        [...slotsUnder(loaded.tensors, 'optim')].map(([name, t]) => [name, tf.tensor(t.values, t.shape, t.dtype)] as const),
      );
      try {
        trainer.restore(meta.optimizer, slots);
      } finally {
        tf.dispose([...slots.values()]);
      }
      trainIt.restore(meta.train);
      inherited = meta.inherited;
      from = { epoch: meta.epoch, step: meta.step, sums: upgradeRetrainSums(meta.sums), elapsedMs: meta.elapsedMs };
    } else if (options.initWeights) {
      inherited = await options.initWeights(net);
    } else if (config.inherit !== null) {
      inherited = await inheritWeights(config.inherit, config, net);
    }
    // Written once the network is built and its weights inherited, so a run refused there leaves no half-made directory.
    if (!loaded) {
      await writeRunConfig(out, 'retrain', config);
      await writeFileAtomic(runFile(out, 'genotype'), `${genotypeToJson(config.genotype)}\n`);
    }

    const dropProb = (epoch: number) => (config.dropPath * epoch) / config.epochs;
    let lastTest: Evaluation | null = null;
    const run = await runTrainingLoop(
      {
        epochs: config.epochs,
        stepsPerEpoch: trainIt.stepsPerEpoch,
        beginEpoch: () => {},
        step: async (epoch, step) => {
          const batch = trainIt.next();
          dropPath.set(dropProb(epoch), `${config.seed}/drop-path/${epoch}/${step}`);
          const lr = trainer.learningRate(epoch, config.epochs);
          let pass: StepScalars;
          try {
            pass = classifierStep(
              variables,
              batch.y,
              () => {
                const { logits, aux } = net.forwardWithAux(batch.x, true);
                const main = classLoss(logits, batch.y, config.labelSmoothing);
                const loss = aux ? tf.add(main, tf.mul(classLoss(aux, batch.y, config.labelSmoothing), config.auxWeight)) : main;
                return { logits, loss: loss as tf.Scalar };
              },
              (grads) => trainer.apply(grads, lr),
              { zeroFill: true },
            );
          } finally {
            tf.dispose([batch.x, batch.y]);
          }
          // One read-back per step.
          const [loss, acc] = await readScalars([pass.loss, pass.acc]);
          return { train_loss: loss, train_acc: acc };
        },
        endEpoch: async (epoch, means, seconds) => {
          const test = await evaluateAsync(net, data.test, stats, config.batchSize);
          lastTest = test;
          return {
            lr: trainer.learningRate(epoch, config.epochs),
            drop_path: dropProb(epoch),
            train_loss: means.train_loss ?? null,
            train_acc: means.train_acc ?? null,
            test_loss: test.loss,
            test_acc: test.accuracy,
            seconds,
          };
        },
        save: (position) =>
          writeCheckpoint(
            runFile(out, 'checkpoint'),
            { config, ...position, train: trainIt.state(), optimizer: trainer.state(), inherited, stats } satisfies RetrainCheckpointMeta,
            [...named(), ...trainer.slots().map(([name, v]) => [`optim.${name}`, v] as const)],
          ),
      },
      {
        log: runFile(out, 'log'),
        clock,
        from,
        ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
        onStep: (p) =>
          options.onStep?.({
            epoch: p.epoch,
            epochs: p.epochs,
            step: p.step,
            stepsPerEpoch: p.stepsPerEpoch,
            loss: p.values.train_loss ?? Number.NaN,
            acc: p.values.train_acc ?? Number.NaN,
            elapsedMs: p.elapsedMs,
            etaMs: p.etaMs,
          }),
        onEpoch: (record) => options.onEpoch?.(record as unknown as RetrainEpochRecord),
      },
    );
    if (!run.completed) return { out, result: null, epochs: run.position.epoch, stopped: true };
    // Resumed after the last epoch: evaluate again for the result.
    const test = lastTest ?? (await evaluateAsync(net, data.test, stats, config.batchSize));
    const result = resultOf(test, run.position.elapsedMs);
    await writeFileAtomic(runFile(out, 'result'), `${JSON.stringify(result, null, 2)}\n`);
    return { out, result, epochs: config.epochs, stopped: false };
  } finally {
    trainer.dispose();
    net.dispose();
  }

  function resultOf(test: Evaluation, elapsedMs: number): RetrainResult {
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
