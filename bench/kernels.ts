/**
 * Kernel benchmark (not a test): forward and forward+backward time of the
 * supernet's convolution and pooling ops on wasm vs the stock cpu backend,
 * as ratios measured in one process. `--write` records the table in
 * docs/performance.md; `--quick` takes fewer repetitions.
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../src/backend/index.js';
import { medianMs } from './timing.js';
import { writeSection } from './report.js';

const quick = process.argv.includes('--quick');
const write = process.argv.includes('--write');
const [N, H, C] = [32, 16, 16];

interface Case {
  readonly name: string;
  readonly paramShape: [number, number, number, number] | null;
  readonly fn: (x: tf.Tensor4D, w: tf.Tensor4D | null) => tf.Tensor;
}

const conv = (k: number): Case => ({
  name: `conv ${k}x${k}`,
  paramShape: [k, k, C, C],
  fn: (x, w) => tf.conv2d(x, w as tf.Tensor4D, 1, 'same'),
});
const depthwise = (k: number, d = 1): Case => ({
  name: `depthwise ${k}x${k}${d > 1 ? ` dilation ${d}` : ''}`,
  paramShape: [k, k, C, 1],
  fn: (x, w) => tf.depthwiseConv2d(x, w as tf.Tensor4D, 1, 'same', 'NHWC', d),
});
const CASES: Case[] = [
  conv(1),
  conv(3),
  conv(5),
  depthwise(3),
  depthwise(5),
  depthwise(3, 2),
  depthwise(5, 2),
  { name: 'max pool 3x3', paramShape: null, fn: (x) => tf.maxPool(x, 3, 1, 'same') },
  { name: 'avg pool 3x3', paramShape: null, fn: (x) => tf.avgPool(x, 3, 1, 'same') },
];

/** Forward and forward+backward medians of one case on the active backend. */
function measure(c: Case, reps: number, warmup: number): { forward: number; backward: number } {
  const x = tf.randomNormal([N, H, H, C]) as tf.Tensor4D;
  const w = c.paramShape ? (tf.randomNormal(c.paramShape) as tf.Tensor4D) : null;
  const inputs = w ? [x, w] : [x];
  const forward = medianMs(() => tf.tidy(() => void c.fn(x, w).dataSync()), reps, warmup);
  const grads = tf.grads((...args: tf.Tensor[]) => c.fn(args[0] as tf.Tensor4D, (args[1] ?? null) as tf.Tensor4D | null).sum());
  const backward = medianMs(() => tf.tidy(() => grads(inputs).forEach((g) => g.dataSync())), reps, warmup);
  tf.dispose(inputs);
  return { forward, backward };
}

/** wasm's own Conv2DBackpropInput, timed before the toolkit replaces it. */
function builtinInputGrad(k: number, reps: number): number {
  const dy = tf.randomNormal([N, H, H, C]) as tf.Tensor4D;
  const w = tf.randomNormal([k, k, C, C]) as tf.Tensor4D;
  const ms = medianMs(() => tf.tidy(() => void tf.conv2dTranspose(dy, w, [N, H, H, C], 1, 'same').dataSync()), reps, 2);
  tf.dispose([dy, w]);
  return ms;
}

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

async function run(): Promise<void> {
  const wasmReps = quick ? 5 : 15;
  const cpuReps = quick ? 1 : 3;

  await tf.setBackend('wasm');
  const builtin = [3, 5].map((k) => ({ k, ms: builtinInputGrad(k, wasmReps) }));
  await initBackend('wasm');
  const ours = [3, 5].map((k) => ({ k, ms: builtinInputGrad(k, wasmReps) }));
  const wasm = CASES.map((c) => measure(c, wasmReps, 2));

  await initBackend('cpu');
  const cpu = CASES.map((c) => measure(c, cpuReps, 1));

  const lines = [
    `Batch ${N}, ${H}x${H}, ${C} channels, 'same' padding, stride 1; median ms over ${wasmReps} (wasm) / ${cpuReps} (cpu) runs.`,
    `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, tfjs ${tf.version_core}, wasm SIMD, 1 thread.`,
    `Command: \`npm run bench:kernels${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` (${new Date().toISOString().slice(0, 10)}).`,
    '',
    '| op | wasm fwd | cpu fwd | fwd ratio | wasm fwd+bwd | cpu fwd+bwd | fwd+bwd ratio |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...CASES.map((c, i) => {
      const a = wasm[i]!;
      const b = cpu[i]!;
      return `| ${c.name} | ${fmt(a.forward)} | ${fmt(b.forward)} | ${(b.forward / a.forward).toFixed(1)}x | ${fmt(a.backward)} | ${fmt(b.backward)} | ${(b.backward / a.backward).toFixed(1)}x |`;
    }),
    '',
    "Input gradient of a conv (`conv2dTranspose`, same shapes) on wasm: built-in kernel vs the toolkit's forward-conv form.",
    '',
    '| kernel | wasm built-in | toolkit | speed-up |',
    '|---|---:|---:|---:|',
    ...builtin.map(({ k, ms }, i) => `| ${k}x${k} | ${fmt(ms)} | ${fmt(ours[i]!.ms)} | ${(ms / ours[i]!.ms).toFixed(1)}x |`),
  ];
  console.log(lines.join('\n'));
  if (write) writeSection('docs/performance.md', 'bench:kernels', lines.join('\n'));
}

await run();
