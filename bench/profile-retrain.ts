/**
 * Where a retraining step's time goes (not a benchmark of record): one step
 * of bench/retrain-net.ts under `tf.profile` after a warm-up, kernel times
 * summed by kernel name, then by name and shapes for the `--top` costliest
 * entries. Kernels a toolkit kernel runs inside itself (e.g. the matMul of a
 * composed kernel) are counted under both names, so the shares add up to
 * more than the step. Usage:
 * `npm run bench:profile -- --channels 16 --layers 8 --batch 96 --top 25`
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/index.js';
import { flag, retrainStep } from './retrain-net.js';

const [channels, layers, batch, top] = [flag('channels', 16), flag('layers', 8), flag('batch', 96), flag('top', 25)];
await initBackend('wasm');
const step = retrainStep({ channels, layers, batch });
step();
const started = performance.now();
step();
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
console.log(`C=${channels}, ${layers} cells, batch ${batch}: step ${plainMs.toFixed(0)} ms unprofiled; ${info.kernels.length} kernel calls, ${sum.toFixed(0)} ms summed`);
console.log('\n| kernel | ms | calls | share of the sum |\n|---|---:|---:|---:|');
for (const [name, v] of byName.slice(0, top)) console.log(`| ${name} | ${v.ms.toFixed(0)} | ${v.calls} | ${((100 * v.ms) / sum).toFixed(1)}% |`);
console.log('\n| kernel and shapes | ms | calls |\n|---|---:|---:|');
for (const [name, v] of tally((k) => `${k.name} ${JSON.stringify(k.inputShapes)} -> ${JSON.stringify(k.outputShapes)}`).slice(0, top)) {
  console.log(`| ${name} | ${v.ms.toFixed(0)} | ${v.calls} |`);
}
