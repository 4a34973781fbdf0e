import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { NasError } from '../errors.js';
import { readRunHeaderOf } from '../runs/index.js';
import type { BatchNormMode } from '../train/evaluate.js';
import { rankSpecParts, supernetOptionsFrom, type RetrainFlags, type SupernetFlags } from './estimator-options.js';

/** The flags of `nas bias`; the study's `config.json` keeps them (paths absolute) so `--resume` rebuilds the same study. */
export interface BiasFlags extends SupernetFlags, RetrainFlags {
  supernet: string[];
  space?: string;
  zcBatchSize: number;
  rankReference: number;
  unique?: boolean;
  truth: string;
  k: number;
  seed: string;
  bootstrap: number;
  topShare: number;
  out?: string;
  resume?: string;
  backend: string;
  threads?: number;
  redis?: string;
  queue: string;
  workers: number;
  ensemble?: number;
  tableGrow?: boolean;
  withinTable?: string;
  scoreBatchNorm?: BatchNormMode;
}

/** The supernet estimator's options from the flags, with the scoring BatchNorm mode when given. */
export const supernetScoring = (flags: BiasFlags) => ({
  ...supernetOptionsFrom(flags),
  ...(flags.scoreBatchNorm !== undefined ? { batchNorm: flags.scoreBatchNorm } : {}),
});

/** Commander's collector for a repeatable flag (`--supernet A --supernet B`). */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * A study's name for a supernet: its run directory's name, and for a
 * checkpoint file also the file's (`spos-fmnist@epoch-5` for
 * `spos-fmnist/snapshots/epoch-5.nas`), so snapshots of two runs never clash.
 */
export function supernetName(run: string): string {
  const path = resolve(run);
  if (existsSync(path) && statSync(path).isDirectory()) return basename(path);
  const dir = dirname(path);
  const runDir = basename(dir) === 'snapshots' ? dirname(dir) : dir;
  return `${basename(runDir)}@${basename(path, extname(path))}`;
}

/** A `zc:` entry as it is, a supernet run (`supernet:` optional) made absolute. */
const absolutePart = (run: string) => (run.startsWith('zc:') ? run : resolve(run.replace(/^supernet:/, '')));

/** Settings with their paths made absolute, so a study resumes from any directory. */
export function absolutePaths(flags: BiasFlags): BiasFlags {
  return {
    ...flags,
    supernet: (flags.supernet ?? []).map((run) =>
      run.startsWith('rank:') ? `rank:${rankSpecParts(run).map(absolutePart).join(',')}` : absolutePart(run),
    ),
    truth: flags.truth.startsWith('table:') ? `table:${resolve(flags.truth.slice(6))}` : flags.truth,
    ...(flags.dataDir !== undefined && flags.dataDir !== 'embedded' ? { dataDir: resolve(flags.dataDir) } : {}),
    ...(flags.withinTable !== undefined ? { withinTable: resolve(flags.withinTable) } : {}),
  };
}

/** The settings a stopped study saved in its `config.json`; a directory without one is a one-line `NasError`. */
export function readSaved(dir: string): BiasFlags {
  if (!existsSync(join(dir, 'config.json'))) throw new NasError(`cannot resume ${dir}: it has no config.json`);
  return readRunHeaderOf<BiasFlags>(dir, 'bias', `cannot resume ${dir}`).config;
}
