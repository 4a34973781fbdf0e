/**
 * Where a training step's time goes (not a benchmark of record): one step
 * under `tf.profile` after a warm-up, kernel times summed by kernel name,
 * then by name and shapes for the `--top` costliest entries. `--step
 * retrain` (default) is bench/retrain-net.ts's retraining step; `--step
 * darts` a first-order DARTS search step (architecture step on one batch,
 * weight step on another) on the DARTS supernet of bench:search. Kernels a
 * toolkit kernel runs inside itself (e.g. the matMul of a composed kernel)
 * are counted under both names, so the shares add up to more than the step.
 * Usage: `npm run bench:profile -- [--step retrain|darts] --channels 16 --layers 8 --batch 96 --top 25`
 * (darts defaults: C=8, 5 cells, batch 32).
 */
import * as tf from '@tensorflow/tfjs';
import { spaceByName } from '../cells/index.js';
import { initBackend } from '../src/backend/index.js';
import { Darts } from '../src/search/index.js';
import type { CellSpace } from '../src/space/api.js';
import { CellSupernet } from '../src/supernet/index.js';
import { DARTS_BENCH } from '../supernets/index.js';
import { flag, retrainStep } from './retrain-net.js';

const search = process.argv.includes('--step') && process.argv[process.argv.indexOf('--step') + 1] === 'darts';
const [channels, layers, batch, top] = search
  ? [flag('channels', 8), flag('layers', 5), flag('batch', 32), flag('top', 25)]
  : [flag('channels', 16), flag('layers', 8), flag('batch', 96), flag('top', 25)];
await initBackend('wasm');

function dartsStep(): () => Promise<void> {
  const net = new CellSupernet(spaceByName('darts') as CellSpace, { ...DARTS_BENCH, layers, channels }, { seed: 0 });
  const strategy = new Darts({ order: 1, edgeNormalization: false });
  strategy.setup(net, { epochs: 50, stepsPerEpoch: 1, seed: '0' });
  strategy.beginEpoch(0);
  const data = (seed: number) =>
    tf.tidy(() => ({
      x: tf.randomNormal([batch, 28, 28, 1], 0, 1, 'float32', seed) as tf.Tensor4D,
      y: tf.randomUniform([batch], 0, 10, 'int32', seed + 1) as tf.Tensor1D,
    }));
  const [train, val] = [data(1), data(2)];
  return async () => void (await strategy.step(train, val));
}

const retrain = search ? null : retrainStep({ channels, layers, batch });
const step = retrain ? async () => retrain() : dartsStep();
await step();
const started = performance.now();
await step();
const plainMs = performance.now() - started;
const info = await tf.profile(step);

function tally(key: (k: (typeof info.kernels)[number]) => string): [string, { ms: number; calls: number }][] {
  const totals = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const entry = totals.get(key(k)) ?? { ms: 0, calls: 0 };
    entry.ms += Number(k.kernelTimeMs);
    entry.calls++;
    totals.set(key(k), entry);
  }
  return [...totals].sort((a, b) => b[1].ms - a[1].ms);
}

const byName = tally((k) => k.name);
const sum = byName.reduce((a, [, v]) => a + v.ms, 0);
console.log(
  `${search ? 'DARTS search' : 'retraining'} step, C=${channels}, ${layers} cells, batch ${batch}: step ${plainMs.toFixed(0)} ms unprofiled; ${info.kernels.length} kernel calls, ${sum.toFixed(0)} ms summed`,
);
console.log('\n| kernel | ms | calls | share of the sum |\n|---|---:|---:|---:|');
for (const [name, v] of byName.slice(0, top))
  console.log(`| ${name} | ${v.ms.toFixed(0)} | ${v.calls} | ${((100 * v.ms) / sum).toFixed(1)}% |`);
console.log('\n| kernel and shapes | ms | calls |\n|---|---:|---:|');
for (const [name, v] of tally((k) => `${k.name} ${JSON.stringify(k.inputShapes)} -> ${JSON.stringify(k.outputShapes)}`).slice(0, top)) {
  console.log(`| ${name} | ${v.ms.toFixed(0)} | ${v.calls} |`);
}
