/**
 * One process's measurement for `bench:gpu`: median time of a first-order
 * DARTS search step on the DARTS supernet, on any backend (webgpu above all),
 * with one read-back per step. Prints one JSON line: step time, dispatches
 * per step (webgpu: compute programs run), GPU memory (webgpu: bytes held in
 * GPU buffers after a step, and allocated by tfjs's buffer pool).
 *
 * The step is `Darts.step` itself (DARTS, Liu et al. 2019, first order): an
 * Adam step of the alphas on the val batch, then an SGD-momentum step of the
 * weights on the train batch with the gradient clipped to norm 5 on the
 * device, both through the relaxed supernet, and one read-back of its
 * metrics (`await data()`), as `nas search darts` runs it.
 *
 * `--without NAME,NAME` unregisters those of the toolkit's webgpu kernels
 * (e.g. `TfjsNasWeightedSum`) after the backend starts, so that a change is
 * measured before and after on one checkout: the callers fall back to their
 * tfjs ops, and replaced tfjs kernels to tfjs-webgpu's own.
 *
 * Usage: tsx bench/gpu-step.ts --backend webgpu --C 16 --layers 8 --batch 64 --hw 32 --inch 3 --steps 3 [--by-program] [--without NAMES]
 */
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import * as tfjsWebGpu from '@tensorflow/tfjs-backend-webgpu';
import { spaceByName } from '../cells/index.js';
import { initBackend, provideWebGpuModules } from '../src/backend/index.js';
import type { CellSpace } from '../src/space/api.js';
import { CellSupernet } from '../src/supernet/index.js';
// The strategy's own module, not src/search/index.js: that one reaches the run writer and its native SVG renderer, which the GPU-machine bundle cannot carry.
import { Darts } from '../src/search/darts/darts.js';
import { DARTS_BENCH } from '../supernets/index.js';
import { multiOutputDispatches, stockKernel } from '../src/kernels/webgpu/index.js';

function flag(name: string, fallback: number | string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? String(fallback)) : String(fallback);
}

const [channels, layers, batch, hw, inch, steps] = ['C', 'layers', 'batch', 'hw', 'inch', 'steps'].map((n) =>
  Number(flag(n, { C: 8, layers: 5, batch: 32, hw: 28, inch: 1, steps: 3 }[n] ?? 0)),
) as [number, number, number, number, number, number];
// Bundled by scripts/device-pack.sh: the bundle's own tfjs-webgpu, on the bundle's tfjs-core.
provideWebGpuModules({ tfjsWebGpu });
const backend = await initBackend(flag('backend', 'webgpu'));
for (const name of flag('without', '')
  .split(',')
  .filter((n) => n !== '')) {
  const replaced = stockKernel(name);
  if (tf.getKernel(name, backend.name) === undefined) throw new Error(`--without: no kernel '${name}' on ${backend.name}`);
  tf.unregisterKernel(name, backend.name);
  if (replaced !== undefined) tf.registerKernel(replaced);
}

interface ProgramCounter {
  runWebGPUProgram?: (...args: unknown[]) => unknown;
  memory?: () => { numBytesInGPU?: number; numBytesAllocatedInGPU?: number };
}

/** Count the compute programs tfjs-webgpu runs (one dispatch each), and the toolkit's multi-output dispatches (SplitV, BatchNorm normalisation with its running statistics, grouped SGD), recorded beside them. */
let programDispatches = 0;
const dispatchCount = () => programDispatches + multiOutputDispatches();
/** Dispatches per program (tfjs-webgpu's shader classes), for `--by-program`. */
const byProgram = new Map<string, number>();
const engine = tf.backend() as unknown as ProgramCounter;
const run = engine.runWebGPUProgram;
if (run !== undefined) {
  engine.runWebGPUProgram = (...args: unknown[]) => {
    programDispatches++;
    const program = args[0] as { constructor?: { name?: string }; op?: unknown; outputShape?: number[] } | undefined;
    // Binary and unary programs by their op (tfjs-webgpu's BinaryOpType / UnaryOpType numbers), and whether the output is under 1,000 elements.
    const size = (program?.outputShape ?? []).reduce((p, d) => p * d, 1);
    const name = `${program?.constructor?.name ?? '?'}${program?.op !== undefined ? `:${String(program.op)}` : ''}${size < 1000 ? ' <1k' : ''}`;
    byProgram.set(name, (byProgram.get(name) ?? 0) + 1);
    return run.apply(engine, args);
  };
}

const net = new CellSupernet(spaceByName('darts') as CellSpace, { ...DARTS_BENCH, channels, layers, inputChannels: inch }, { seed: 0 });
// DARTS's hyper-parameters (DARTS_DEFAULTS): SGD 0.025 momentum 0.9 wd 3e-4; Adam 3e-4 (0.5, 0.999) wd 1e-3; clip 5.
const strategy = new Darts({ order: 1, edgeNormalization: false });
strategy.setup(net, { epochs: 50, stepsPerEpoch: 1, seed: '0' });
strategy.beginEpoch(0);
const makeBatch = (seed: number) =>
  tf.tidy(() => ({
    x: tf.randomNormal([batch, hw, hw, inch], 0, 1, 'float32', seed) as tf.Tensor4D,
    y: tf.randomUniform([batch], 0, 10, 'int32', seed + 1) as tf.Tensor1D,
  }));
const train = makeBatch(1);
const val = makeBatch(2);

/** One search step; the sum of its train and val losses (finite when the step computed). */
async function step(): Promise<number> {
  const metrics = await strategy.step(train, val);
  return metrics.trainLoss + (metrics.valLoss ?? Number.NaN);
}

/** The per-program counts of the step just run, with the multi-output dispatches since `multiBefore`. */
const countsSince = (multiBefore: number) =>
  [
    ...byProgram,
    ['multi-output (SplitV, BatchNorm normalisation with running statistics, SGD groups)', multiOutputDispatches() - multiBefore] as [
      string,
      number,
    ],
  ]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
let start = performance.now();
let before = dispatchCount();
let multiBefore = multiOutputDispatches();
byProgram.clear();
const loss = await step();
const firstMs = performance.now() - start;
const firstStep = dispatchCount() - before;
let programs = countsSince(multiBefore);
// Counted again on the last timed step: the first differs (PyTorch's first momentum step starts the buffer, no decay of it).
let perStep = firstStep;
const times: number[] = [];
for (let i = 0; i < steps; i++) {
  [before, multiBefore, start] = [dispatchCount(), multiOutputDispatches(), performance.now()];
  byProgram.clear();
  await step();
  times.push(performance.now() - start);
  [perStep, programs] = [dispatchCount() - before, countsSince(multiBefore)];
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] ?? firstMs;
const memory = engine.memory?.() ?? {};
console.log(
  JSON.stringify({
    impl: `tfjs ${tf.version_core} ${backend.name}`,
    adapter: backend.details['adapter'] ?? null,
    C: channels,
    layers,
    batch,
    hw,
    inch,
    params: net.network.parameterCount(),
    first_ms: Math.round(firstMs),
    median_step_ms: Math.round(median),
    dispatches_per_step: run === undefined ? null : perStep,
    dispatches_first_step: run === undefined ? null : firstStep,
    gpu_bytes_in_use_mb: memory.numBytesInGPU === undefined ? null : Math.round(memory.numBytesInGPU / 2 ** 20),
    gpu_bytes_allocated_mb: memory.numBytesAllocatedInGPU === undefined ? null : Math.round(memory.numBytesAllocatedInGPU / 2 ** 20),
    ...(process.argv.includes('--by-program') ? { dispatches_by_program: Object.fromEntries(programs) } : {}),
    finite_loss: Number.isFinite(loss),
    tensors: tf.memory().numTensors,
  }),
);
