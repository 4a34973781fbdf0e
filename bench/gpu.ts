/**
 * GPU benchmark (not a test; `npm run bench:gpu`): a first-order DARTS
 * search step on webgpu (bench/gpu-step.ts) at the DARTS paper's CIFAR-10
 * search size (C=16, 8 cells, batch 64, 32x32x3) and at the toolkit's
 * Fashion-MNIST bench size (C=8, 5 cells, batch 32, 28x28x1), beside the
 * same step in PyTorch on CUDA (`shared/bench/darts_torch.py --device cuda`,
 * when python3 has torch with CUDA) and on wasm (the CPU path), each in its
 * own process. Prints one JSON line per run and a table with the ratios.
 *
 * Flags: --steps 3 --configs cifar,fmnist --tiny (C=4, 2 cells, batch 4,
 * 16x16x1: for the software adapter, where speed means nothing) --no-wasm
 * --wasm-steps 1 --run-timeout 240 (seconds per run) --budget 420 (seconds for
 * all runs) --torch PATH --python python3.
 * Packed for a GPU machine by scripts/device-pack.sh, where it runs as
 * `node gpu.mjs` beside `gpu-step.mjs`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

interface Config {
  readonly C: number;
  readonly layers: number;
  readonly batch: number;
  readonly hw: number;
  readonly inch: number;
}

const CONFIGS: Record<string, Config> = {
  cifar: { C: 16, layers: 8, batch: 64, hw: 32, inch: 3 },
  fmnist: { C: 8, layers: 5, batch: 32, hw: 28, inch: 1 },
  tiny: { C: 4, layers: 2, batch: 4, hw: 16, inch: 1 },
};

const here = dirname(fileURLToPath(import.meta.url));
/** Packed: `gpu.mjs` beside `gpu-step.mjs`; in the repository: tsx on the TypeScript source. */
const packedStep = join(here, 'gpu-step.mjs');
const stepCommand = existsSync(packedStep) ? [packedStep] : ['--import', 'tsx', join(here, 'gpu-step.ts')];
const steps = flag('steps', '3');
const names = process.argv.includes('--tiny') ? ['tiny'] : flag('configs', 'cifar,fmnist').split(',');
const torchScript = flag('torch', join(here, '../../shared/bench/darts_torch.py'));
const python = flag('python', 'python3');

type Run = Record<string, unknown> & { median_step_ms?: number; error?: string };

function lastJson(stdout: string, stderr: string, status: number | null): Run {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Run;
  } catch {
    const why = stderr.split('\n').find((l) => /error|Error|abort|memory/.test(l)) ?? `exit ${status}`;
    return { error: why.trim().slice(0, 300) };
  }
}

/**
 * Wall-clock limits, so that a slow engine cannot use up a device call: each
 * run gets at most `--run-timeout` seconds and all runs together `--budget`;
 * webgpu runs first, then PyTorch, then wasm, so the budget goes to them in
 * that order.
 */
const runTimeoutMs = Number(flag('run-timeout', '240')) * 1000;
const deadline = Date.now() + Number(flag('budget', '420')) * 1000;

function spawnRun(cmd: string, args: string[]): Run {
  const limit = Math.min(runTimeoutMs, deadline - Date.now());
  if (limit < 5000) return { error: 'skipped: --budget spent' };
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26, timeout: limit });
  if (r.error !== undefined && /ETIMEDOUT/.test(String(r.error)))
    return { error: `over ${Math.round(limit / 1000)} s (--run-timeout/--budget)` };
  return lastJson(r.stdout ?? '', r.stderr ?? '', r.status);
}

function runNode(backend: string, c: Config, stepCount: string): Run {
  const args = [...stepCommand, '--backend', backend, '--steps', stepCount];
  for (const [k, v] of Object.entries(c)) args.push(`--${k}`, String(v));
  return spawnRun(process.execPath, args);
}

/** PyTorch CUDA, when python3 has torch and a CUDA device; otherwise why not. */
function torchCuda(): string | null {
  if (!existsSync(torchScript)) return `no ${torchScript}`;
  const r = spawnSync(python, ['-c', 'import torch; print(torch.cuda.is_available())'], { encoding: 'utf8' });
  if (r.status !== 0) return `${python} has no torch`;
  return r.stdout.trim() === 'True' ? null : 'torch without CUDA';
}

function runTorch(c: Config): Run {
  const args = [torchScript, '--device', 'cuda', '--steps', steps];
  for (const [k, v] of Object.entries(c)) args.push(`--${k}`, String(v));
  return spawnRun(python, args);
}

const noTorch = torchCuda();
const configs = names.map((name) => {
  const c = CONFIGS[name];
  if (c === undefined) throw new Error(`unknown config '${name}' (known: ${Object.keys(CONFIGS).join(', ')})`);
  return [name, c] as const;
});
const logged = (config: string, run: Run): Run => {
  console.log(JSON.stringify({ config, ...run }));
  return run;
};
const gpus = configs.map(([name, c]) => logged(name, runNode('webgpu', c, steps)));
const torches = configs.map(([name, c]) => logged(name, { impl: 'torch cuda', ...(noTorch === null ? runTorch(c) : { error: noTorch }) }));
const wasms = configs.map(([name, c]) =>
  logged(name, process.argv.includes('--no-wasm') ? { error: 'skipped (--no-wasm)' } : runNode('wasm', c, flag('wasm-steps', '1'))),
);
const ms = (r: Run) => (typeof r.median_step_ms === 'number' ? r.median_step_ms : null);
const ratio = (a: number | null, b: number | null) => (a !== null && b !== null ? (a / b).toFixed(2) : '-');
const rows = configs.map(([, c], i) => {
  const [gpu, torch, wasm]: [Run, Run, Run] = [gpus[i] ?? {}, torches[i] ?? {}, wasms[i] ?? {}];
  return [
    `C=${c.C}, ${c.layers} cells, batch ${c.batch}, ${c.hw}x${c.hw}x${c.inch}`,
    String(gpu['adapter'] ?? gpu.error ?? '-'),
    String(ms(gpu) ?? '-'),
    String(gpu['dispatches_per_step'] ?? '-'),
    String(gpu['gpu_bytes_allocated_mb'] ?? '-'),
    String(ms(torch) ?? torch.error ?? '-'),
    ratio(ms(gpu), ms(torch)),
    String(ms(wasm) ?? wasm.error ?? '-'),
    ratio(ms(wasm), ms(gpu)),
  ];
});
const header = [
  'config',
  'adapter',
  'webgpu ms/step',
  'dispatches/step',
  'GPU MiB',
  'torch cuda ms/step',
  'webgpu/torch',
  'wasm ms/step',
  'wasm/webgpu',
];
for (const row of [header, ...rows]) console.log(row.join(' | '));
