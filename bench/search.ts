/**
 * Search-step benchmark (not a test; `npm run bench:search`, also run by
 * `bench:supernet`): the toolkit's first-order DARTS step on the
 * DARTS supernet next to the same step in PyTorch (`shared/bench/darts_torch.py`
 * under Debian's python3-torch), run one after the other on this machine, each
 * in its own process so peak RSS is its own. Prints ratios; `--write` records
 * them in docs/performance.md, with one row per single-path strategy (SPOS,
 * path dropout) on the same supernet. Flags: --layers 5 --batch 32 --steps 5 --torch PATH
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeSection } from './report.js';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const layers = flag('layers', '5');
const batch = flag('batch', '32');
const steps = flag('steps', '5');
const torchScript = flag('torch', '../shared/bench/darts_torch.py');

interface Run {
  median_step_ms?: number;
  params?: number;
  img_per_s?: number;
  max_rss_mb?: number;
  impl?: string;
  error?: string;
}

/** Run a command under /usr/bin/time -v; its last stdout line is JSON, peak RSS comes from time. */
function measure(cmd: string, args: string[], env: Record<string, string> = {}): Run {
  const timed = existsSync('/usr/bin/time');
  const r = spawnSync(timed ? '/usr/bin/time' : cmd, timed ? ['-v', cmd, ...args] : args, {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, ...env },
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  let run: Run;
  try {
    run = JSON.parse(line) as Run;
  } catch {
    const why = (r.stderr.split('\n').find((l) => /error|Error|abort|memory/.test(l)) ?? `exit ${r.status}`).trim();
    return { error: why.slice(0, 200) };
  }
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  if (rss) run.max_rss_mb = Math.round(Number(rss[1]) / 1024);
  return run;
}

const common = ['--layers', layers, '--batch', batch, '--steps', steps];
const tfjs = measure(process.execPath, ['--import', 'tsx', 'bench/search-step.ts', ...common]);
// The per-core comparison: the toolkit on one wasm thread against PyTorch on one thread.
const tfjs1 = measure(process.execPath, ['--import', 'tsx', 'bench/search-step.ts', ...common], { NAS_THREADS: '1' });
// One row per single-path strategy (path dropout timed half-way through its drop-rate schedule).
const spos = measure(process.execPath, ['--import', 'tsx', 'bench/search-step.ts', ...common, '--strategy', 'spos']);
const pathdrop = measure(process.execPath, ['--import', 'tsx', 'bench/search-step.ts', ...common, '--strategy', 'pathdrop']);
const gdas = measure(process.execPath, ['--import', 'tsx', 'bench/search-step.ts', ...common, '--strategy', 'gdas']);
const enas = measure(process.execPath, ['--import', 'tsx', 'bench/search-step.ts', ...common, '--strategy', 'enas']);
const partial = measure(process.execPath, ['--import', 'tsx', 'bench/search-step.ts', ...common, '--partial-channels', '4']);
const recomputed = measure(process.execPath, ['--import', 'tsx', 'bench/search-step.ts', ...common, '--recompute-cells']);
const haveTorch = existsSync('/usr/bin/python3') && existsSync(torchScript);
const torchArgs = [torchScript, '--C', '8', '--hw', '28', '--inch', '1', ...common];
const missing: Run = { error: `no reference: needs /usr/bin/python3 with python3-torch and ${torchScript}` };
const torch = haveTorch ? measure('/usr/bin/python3', torchArgs) : missing;
const torch1 = haveTorch ? measure('/usr/bin/python3', torchArgs, { OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' }) : missing;

const row = (name: string, r: Run) =>
  r.error
    ? `| ${name} | failed: ${r.error} | | | |`
    : `| ${name} (${r.impl}) | ${r.params} | ${r.median_step_ms} | ${r.img_per_s} | ${r.max_rss_mb} |`;
const ratio = (a?: number, b?: number) => (a && b ? `${(a / b).toFixed(2)}x` : 'n/a');
const lines = [
  `Search steps on the DARTS supernet C=8, ${layers} cells, batch ${batch}, 28x28x1, median of ${steps} steps after one warm-up: first-order DARTS (weight step + architecture step); SPOS, path dropout and ENAS (a weight step through the sampled sub-network + its loss on the val batch; ENAS also a controller update); GDAS (an architecture step and a weight step, each through one Gumbel-sampled op per edge).`,
  `Command: \`npm run bench:search${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` (${new Date().toISOString().slice(0, 10)}), 2 cores.`,
  '',
  '| implementation | weights | step ms | images/s | peak RSS MB |',
  '|---|---:|---:|---:|---:|',
  row('toolkit', tfjs),
  row('toolkit, NAS_THREADS=1', tfjs1),
  row('toolkit, --checkpoint-cells', recomputed),
  row('toolkit, PC-DARTS --partial-channels 4', partial),
  row('toolkit, SPOS step', spos),
  row('toolkit, path dropout step', pathdrop),
  row('toolkit, GDAS step', gdas),
  row('toolkit, ENAS step', enas),
  row('PyTorch reference, default threading', torch),
  row('PyTorch reference, OMP/MKL_NUM_THREADS=1', torch1),
  '',
  `Toolkit / PyTorch: step time **${ratio(tfjs.median_step_ms, torch.median_step_ms)}**, peak RSS **${ratio(tfjs.max_rss_mb, torch.max_rss_mb)}**; ` +
    `with --checkpoint-cells: step time **${ratio(recomputed.median_step_ms, torch.median_step_ms)}**, peak RSS **${ratio(recomputed.max_rss_mb, torch.max_rss_mb)}**; ` +
    `one thread each: step time **${ratio(tfjs1.median_step_ms, torch1.median_step_ms)}**. ` +
    `DARTS step / SPOS step **${ratio(tfjs.median_step_ms, spos.median_step_ms)}**, / path dropout step **${ratio(tfjs.median_step_ms, pathdrop.median_step_ms)}**, ` +
    `/ GDAS step **${ratio(tfjs.median_step_ms, gdas.median_step_ms)}**, / ENAS step **${ratio(tfjs.median_step_ms, enas.median_step_ms)}**.`,
];
console.log(lines.join('\n'));
if (process.argv.includes('--write')) writeSection('docs/performance.md', `bench:search:${layers}:${batch}`, lines.join('\n'));
