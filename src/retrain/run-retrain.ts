import * as tf from '@tensorflow/tfjs';
import { spaceByName } from '../../cells/index.js';
import { currentBackend } from '../backend/index.js';
import { restoreVariables, writeCheckpoint, writeFileAtomic } from '../checkpoint/index.js';
import { BatchIterator, computeChannelStats } from '../data/index.js';
import { slotsUnder } from '../train/optim/index.js';
import { readScalars } from '../train/read-back.js';
import { classifierStep, type StepScalars } from '../train/step.js';
import { WeightTrainer } from '../train/weight-trainer.js';
import { openRun, writeRunConfig } from '../runs/open-run.js';
import { runTrainingLoop, type LoopPosition } from '../runs/training-loop.js';
import { runFile } from '../runs/run-dir.js';
import { canonicalString, genotypeToJson } from '../space/index.js';
import { DropPath, FixedNetwork } from '../supernet/index.js';
import { dartsAugment } from './augment.js';
import { classLoss } from './class-loss.js';
import type { RetrainConfig } from './config.js';
import { evaluateAsync, type Evaluation } from './evaluate.js';
import { inheritWeights } from './inherit.js';
import { multAdds } from './mult-adds.js';
import type { RetrainCheckpointMeta, RetrainEpochRecord, RetrainOutcome, RetrainResult, RunRetrainOptions } from './retrain-api.js';
import { retrainData } from './retrain-data.js';
import { upgradeRetrainSums } from './upgrade-sums.js';

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
