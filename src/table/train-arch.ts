import * as tf from '@tensorflow/tfjs';
import { spaceByName } from '../../cells/index.js';
import { BatchIterator } from '../data/index.js';
import { dartsAugment } from '../retrain/augment.js';
import { evalSkeleton } from '../retrain/config.js';
import { evaluate } from '../retrain/evaluate.js';
import { multAdds } from '../retrain/mult-adds.js';
import { yieldToEventLoop } from '../runs/yield.js';
import { canonicalString, parseGenotype } from '../space/index.js';
import type { CellArchitecture, CellSpace } from '../space/api.js';
import { FixedNetwork } from '../supernet/index.js';
import { crossEntropy, gradsOf } from '../train/index.js';
import { clipGradNorm, cosineLr, SgdMomentum } from '../train/optim/index.js';
import type { TableEpoch, TableRecipe, TableRun } from './api.js';
import { tableData } from './table-data.js';

/** Batch size of the evaluations (inference only, so larger than training's). */
const EVAL_BATCH = 250;

const percent = (fraction: number) => Math.round(fraction * 1e5) / 1e3;
const cpuSeconds = (usage: NodeJS.CpuUsage) => Math.round((usage.user + usage.system) / 1000) / 1000;

/**
 * Trains architecture `arch` (a canonical string of the recipe's space) from
 * scratch with `seed` (weights, batch order, augmentation) by the recipe, and
 * measures it after every epoch on the held-out val images and the test
 * split (inference-mode BatchNorm). One run is short (seconds to a minute),
 * so it is the unit a killed build repeats: it keeps no checkpoint.
 */
export async function trainArch(recipe: TableRecipe, arch: string, seed: number): Promise<TableRun> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const space = spaceByName(recipe.space) as CellSpace;
  const genotype = parseGenotype(space, arch) as CellArchitecture;
  const data = await tableData(recipe);
  const skeleton = {
    ...evalSkeleton(recipe.space, recipe.channels, recipe.cellsPerStage),
    inputChannels: data.train.channels,
    classes: data.train.classes,
  };
  const it = new BatchIterator(data.train, {
    batchSize: recipe.batchSize,
    seed: `${seed}/train`,
    stats: data.stats,
    augment: dartsAugment({ cropPadding: recipe.cropPadding, flip: recipe.flip, cutout: 0 }, `${seed}/augment`),
  });
  const net = new FixedNetwork(space, skeleton, genotype, { seed: `table/${seed}`, affine: true, inputSize: data.train.height });
  const variables = net.network.parameters();
  const optimizer = new SgdMomentum(variables, { momentum: recipe.momentum, weightDecay: recipe.weightDecay, nesterov: recipe.nesterov });
  const curve: TableEpoch[] = [];
  const total = recipe.epochs * it.stepsPerEpoch;
  try {
    for (let epoch = 0; epoch < recipe.epochs; epoch++) {
      let lossSum = 0;
      for (let step = 0; step < it.stepsPerEpoch; step++) {
        await yieldToEventLoop();
        const lr = cosineLr(epoch * it.stepsPerEpoch + step, total, recipe.lr, recipe.lrMin);
        const batch = it.next();
        lossSum += tf.tidy(() => {
          const { value, grads } = gradsOf(() => crossEntropy(net.forward(batch.x, true), batch.y), variables);
          const full = grads.map((g, i) => g ?? tf.zerosLike(variables[i]!));
          optimizer.apply(recipe.gradClip > 0 ? clipGradNorm(full, recipe.gradClip).grads : full, lr);
          return value.dataSync()[0] ?? 0;
        });
        tf.dispose([batch.x, batch.y]);
      }
      const val = evaluate(net, data.val, data.stats, EVAL_BATCH);
      const test = evaluate(net, data.test, data.stats, EVAL_BATCH);
      curve.push({ train_loss: lossSum / it.stepsPerEpoch, val: percent(val.accuracy), test: percent(test.accuracy), val_loss: val.loss });
    }
    const last = curve[curve.length - 1]!;
    return {
      arch: canonicalString(genotype),
      seed,
      val: last.val,
      test: last.test,
      train_loss: last.train_loss,
      curve,
      params: net.mainParameterCount(),
      mult_adds: multAdds(net, [data.train.height, data.train.width, data.train.channels]),
      seconds: Math.round(performance.now() - started) / 1000,
      cpu_seconds: cpuSeconds(process.cpuUsage(cpu)),
    };
  } finally {
    optimizer.dispose();
    net.dispose();
  }
}
