/**
 * Retraining-step benchmark (not a test; `npm run bench:retrain`): the
 * DARTS evaluation network's training step (bench/retrain-step.ts) with the
 * toolkit's SIMD heap kernels and without them (`NAS_HEAP_KERNELS=0`: wasm's
 * own SplitV, the op-composed depthwise filter gradient and tf.sum
 * reductions), each in its own process, alternating, on one wasm thread.
 * Prints the medians and the ratio; `--write` records them in
 * docs/performance.md. Flags: --rounds 3 --steps 3 --channels 16 --layers 8 --batch 96
 */
import { spawnSync } from 'node:child_process';
import { writeSection } from './report.js';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const rounds = Number(flag('rounds', '3'));
const args = [
  '--steps',
  flag('steps', '3'),
  '--channels',
  flag('channels', '16'),
  '--layers',
  flag('layers', '8'),
  '--batch',
  flag('batch', '96'),
];

function measure(heap: boolean): number {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/retrain-step.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NAS_THREADS: '1', NAS_HEAP_KERNELS: heap ? '1' : '0' },
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return (JSON.parse(line) as { median_step_ms: number }).median_step_ms;
  } catch {
    throw new Error(`retrain-step failed: ${r.stderr.split('\n').slice(-5).join(' ')}`);
  }
}

const withHeap: number[] = [];
const without: number[] = [];
for (let i = 0; i < rounds; i++) {
  without.push(measure(false));
  withHeap.push(measure(true));
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const [a, b] = [median(without), median(withHeap)];
const lines = [
  `DARTS evaluation network (docs/results/darts-fmnist-2000 genotype), C=${flag('channels', '16')}, ${flag('layers', '8')} cells, auxiliary head, drop-path, batch ${flag('batch', '96')} of 28x28x1, one wasm thread; median step ms per process, ${rounds} processes each, alternating.`,
  `Command: \`npm run bench:retrain -- --write\` (${new Date().toISOString().slice(0, 10)}).`,
  '',
  '| kernels | step ms (median over processes) | per process |',
  '|---|---:|---|',
  `| without heap kernels (\`NAS_HEAP_KERNELS=0\`) | ${a} | ${without.join(', ')} |`,
  `| with heap kernels (default) | ${b} | ${withHeap.join(', ')} |`,
  '',
  `Speed-up: ${(a / b).toFixed(2)}x.`,
];
console.log(lines.join('\n'));
if (process.argv.includes('--write')) writeSection('docs/performance.md', 'bench:retrain', lines.join('\n'));
