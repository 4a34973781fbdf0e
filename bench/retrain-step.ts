/**
 * One process's measurement for `bench:retrain`: median time of a retraining
 * step (bench/retrain-net.ts). Prints one JSON line.
 * Usage: tsx bench/retrain-step.ts --channels 16 --layers 8 --batch 96 --steps 5
 */
import { initBackend } from '../src/backend/index.js';
import { flag, retrainStep } from './retrain-net.js';
import { medianMs } from './timing.js';

const [channels, layers, batch, steps] = [flag('channels', 16), flag('layers', 8), flag('batch', 96), flag('steps', 5)];
const backend = await initBackend('wasm');
const step = retrainStep({ channels, layers, batch });
const ms = medianMs(step, steps, 1);
console.log(
  JSON.stringify({
    median_step_ms: Math.round(ms),
    img_per_s: Math.round((batch * 1000) / ms),
    threads: backend.details['threads'] ?? null,
    heap_kernels: process.env['NAS_HEAP_KERNELS'] !== '0',
  }),
);
