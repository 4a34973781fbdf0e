import { Command } from 'commander';
import { registerInfo } from './info.js';
import { registerSearch } from './search.js';
import { registerRetrain } from './retrain.js';
import { registerExport } from './export.js';
import { registerBlackBox } from './black-box-commands.js';
import { registerHyperband } from './hyperband.js';
import { registerBias } from './bias.js';
import { registerReport } from './report.js';
import { registerWorker } from './worker.js';
import { registerTable } from './table-command.js';
import { registerCompare } from './compare.js';
import { registerAnytime } from './anytime.js';
import { registerFewShot } from './few-shot.js';
import { registerPrune } from './prune.js';
import { attachConfigFiles } from '../config/index.js';
import { reportError } from './errors.js';
import { toolkitVersion } from '../version.js';

/** Build the `nas` command line. Every command is a thin layer over a library call. */
export function buildProgram(out: (line: string) => void, err: (line: string) => void): Command {
  const program = new Command('nas')
    .description('one-shot, differentiable neural architecture search on TensorFlow.js')
    .version(toolkitVersion())
    .exitOverride()
    .configureOutput({ writeOut: (s) => out(s.trimEnd()), writeErr: (s) => err(s.trimEnd()) })
    .showHelpAfterError('(run nas --help for usage)');
  registerInfo(program, out);
  registerSearch(program, out, err);
  registerRetrain(program, out, err);
  registerExport(program, out);
  registerBlackBox(program, out, err);
  registerHyperband(program, out, err);
  registerBias(program, out, err);
  registerReport(program, out, err);
  registerWorker(program, out, err);
  registerTable(program, out, err);
  registerCompare(program, out, err);
  registerAnytime(program, out, err);
  registerFewShot(program, out, err);
  registerPrune(program, out, err);
  // Every command takes --config FILE (search and retrain read theirs through their own schemas).
  attachConfigFiles(program);
  return program;
}

/** Run the CLI; resolves to the process exit code. */
export async function main(
  argv: readonly string[],
  out: (line: string) => void = (line) => console.log(line),
  err: (line: string) => void = (line) => console.error(line),
): Promise<number> {
  process.exitCode = 0;
  try {
    await buildProgram(out, err).parseAsync([...argv]);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    return reportError(error, err);
  }
}
