import os from 'node:os';
import type { Command } from 'commander';
import { initBackend } from '../backend/index.js';
import type { BackendInfo } from '../backend/index.js';
import { checkGradient, gradientCases, type GradCheckResult } from '../kernels/check/index.js';
import { formatTable } from './table.js';
import { engineOptions } from './options.js';
import { toolkitVersion } from '../version.js';

/** Relative error above which the self-check fails (the gradient tests' bound). */
export const SELF_CHECK_TOLERANCE = 1e-4;

function describeBackend(info: BackendInfo): string[][] {
  return [
    ['nas', toolkitVersion()],
    ['backend', `${info.name} (${info.packageName} ${info.version})`],
    ['tfjs-core', info.tfjsVersion],
    ...Object.entries(info.details).map(([key, value]) => [key, String(value)]),
    ['node', process.version],
    ['platform', `${process.platform} ${process.arch}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`],
  ];
}

/** Run the quick gradient self-check on the active backend against cpu. */
export async function selfCheck(backend: string): Promise<GradCheckResult[]> {
  const results: GradCheckResult[] = [];
  for (const c of gradientCases('quick')) {
    if ((c.backends ?? [backend]).includes(backend)) results.push(...(await checkGradient(c, backend, 'self-check')));
  }
  return results;
}

/** Worst result per kernel, for a compact report. */
function worstPerKernel(results: readonly GradCheckResult[]): GradCheckResult[] {
  const worst = new Map<string, GradCheckResult>();
  for (const r of results) {
    const seen = worst.get(r.kernel);
    if (!seen || r.relError > seen.relError) worst.set(r.kernel, r);
  }
  return [...worst.values()];
}

export function registerInfo(program: Command, out: (line: string) => void): void {
  const infoCommand = program
    .command('info')
    .description('print the compute engine and versions; --check runs a kernel gradient self-check');
  engineOptions(infoCommand)
    .option('--check', 'check every training kernel and gradient against the cpu backend', false)
    .action(async (opts: { backend: string; threads?: number; check: boolean }) => {
      const info = await initBackend(opts.backend, { threads: opts.threads });
      for (const line of formatTable(describeBackend(info))) out(line);
      if (!opts.check) return;
      const results = await selfCheck(info.tfName);
      const rows = worstPerKernel(results).map((r) => [
        r.kernel,
        r.relError.toExponential(1),
        r.relError < SELF_CHECK_TOLERANCE ? 'ok' : 'FAIL',
        `${r.op} ${r.label}`,
      ]);
      out('');
      for (const line of formatTable([['kernel / gradient', 'max rel. error', 'status', 'worst case'], ...rows])) out(line);
      const failed = results.filter((r) => !(r.relError < SELF_CHECK_TOLERANCE));
      out('');
      out(`self-check: ${results.length - failed.length} of ${results.length} gradients within ${SELF_CHECK_TOLERANCE} of cpu`);
      if (failed.length > 0) process.exitCode = 1;
    });
}
