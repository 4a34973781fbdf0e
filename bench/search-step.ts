/**
 * One process's measurement for `bench:search`: median time of the toolkit's
 * DARTS search step (`Darts.step`: an architecture step on one batch, a
 * clipped weight step on another) on the DARTS supernet, and the process's
 * peak RSS. Prints one JSON line.
 * Usage: tsx bench/search-step.ts --layers 5 --batch 32 --steps 5 [--strategy darts|gdas|enas|spos|pathdrop] [--order 2] [--partial-channels K] [--recompute-cells] [--backend wasm]
 * Path dropout is timed half-way through its schedule (drop rate r/2).
 */
import { performance } from 'node:perf_hooks';
import { medianMsAsync } from './timing.js';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/index.js';
import { spaceByName } from '../cells/index.js';
import type { CellSpace } from '../src/space/api.js';
import { CellSupernet } from '../src/supernet/index.js';
import { Darts, Enas, Gdas, PathDropout, Spos } from '../src/search/index.js';
import { DARTS_BENCH } from '../supernets/index.js';

function flag(name: string, fallback: number | string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? String(fallback)) : String(fallback);
}

const layers = Number(flag('layers', 5));
const batch = Number(flag('batch', 32));
const steps = Number(flag('steps', 5));
const channels = Number(flag('C', 8));
const backend = await initBackend(flag('backend', 'wasm'));

const recomputeCells = process.argv.includes('--recompute-cells');
const partialChannels = Number(flag('partial-channels', 1));
const net = new CellSupernet(
  spaceByName('darts') as CellSpace,
  { ...DARTS_BENCH, layers, channels },
  { seed: 0, recomputeCells, partialChannels },
);
const strategyName = flag('strategy', 'darts');
const strategy =
  strategyName === 'spos'
    ? new Spos()
    : strategyName === 'pathdrop'
      ? new PathDropout()
      : strategyName === 'gdas'
        ? new Gdas()
        : strategyName === 'enas'
          ? new Enas()
          : new Darts({ order: Number(flag('order', 1)) === 2 ? 2 : 1, edgeNormalization: partialChannels > 1 });
// 50 epochs of one step, timed from step 25: path dropout at half its final rate.
strategy.setup(net, { epochs: 50, stepsPerEpoch: 1, seed: '0' });
strategy.beginEpoch(0);
if (strategyName === 'pathdrop') {
  const slots = new Map((strategy as PathDropout).slots().map(([n, v]) => [n, v.clone()] as const));
  strategy.restore({ epoch: 0, step: 25, weights: { steps: 0 }, best: null, bestAcc: null }, slots);
  tf.dispose([...slots.values()]);
}
const makeBatch = (seed: number) =>
  tf.tidy(() => ({
    x: tf.randomNormal([batch, 28, 28, 1], 0, 1, 'float32', seed) as tf.Tensor4D,
    y: tf.randomUniform([batch], 0, 10, 'int32', seed + 1) as tf.Tensor1D,
  }));
const train = makeBatch(1);
const val = makeBatch(2);

/** The toolkit's real search step: architecture step on val, clipped SGD weight step on train. */
async function step(): Promise<void> {
  await strategy.step(train, val);
}

const t0 = performance.now();
await step();
const first = performance.now() - t0;
const median = await medianMsAsync(step, steps, 0);
console.log(
  JSON.stringify({
    impl: `${strategyName === 'darts' ? '' : `${strategyName}, `}tfjs ${tf.version_core} ${backend.name}${backend.details['threads'] !== undefined ? `, ${backend.details['threads']} thread${backend.details['threads'] === 1 ? '' : 's'}` : ''}${recomputeCells ? ', cells recomputed' : ''}${partialChannels > 1 ? `, partial channels ${partialChannels}` : ''}`,
    C: channels,
    layers,
    batch,
    params: net.network.parameterCount(),
    first_ms: Math.round(first),
    median_step_ms: Math.round(median),
    img_per_s: Math.round(((2 * batch) / median) * 1000 * 10) / 10,
    max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    tensors: tf.memory().numTensors,
  }),
);
