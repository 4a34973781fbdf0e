import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { spaceByName } from '../../cells/index.js';
import { decodeCheckpoint, restoreVariables, type LoadedCheckpoint } from '../checkpoint/index.js';
import { NasError, firstLine } from '../errors.js';
import type { SearchConfig } from '../search/run/config.js';
import { genotypeFromJson, parseGenotype } from '../space/index.js';
import type { Genotype, SearchSpace } from '../space/api.js';
import type { Supernet } from '../supernet/api.js';
import { readLog, type EpochRecord } from './epoch-log.js';
import { runFile } from './run-dir.js';
import { readRunHeader } from './run-header.js';
import { supernetFromConfig, type SupernetFromConfigOptions } from './supernet-from-config.js';

/**
 * How a search's training spread over the candidate ops, per decision group
 * `[row][option]`: the steps each option was sampled in (single-path
 * strategies), or its softmaxed architecture weight (DARTS, GDAS).
 */
export interface OpUsage {
  readonly kind: 'sampled' | 'weights';
  readonly groups: Readonly<Record<string, readonly (readonly number[])[]>>;
  /** Option names per group (cell spaces: the space's ops). */
  readonly options: Readonly<Record<string, readonly string[]>>;
}

/** A search run's state at one checkpoint (its last, or a snapshot), opened once for every consumer. */
export interface FinishedRun {
  readonly kind: 'search';
  /** The run directory. */
  readonly dir: string;
  /** The checkpoint the weights come from: `checkpoint.nas` or `snapshots/epoch-<n>.nas`. */
  readonly checkpointFile: string;
  readonly config: SearchConfig;
  readonly space: SearchSpace;
  /** Whole epochs behind it: a snapshot's epoch, else the epochs the run logged. */
  readonly epochs: number;
  /** The genotype derived at that point (the run's `genotype.json`, or a snapshot's epoch in the log); null for a search stopped before it derived one. */
  readonly genotype: Genotype | null;
  /** Op usage as logged at that point; null without a log record or when the strategy logs none. */
  readonly opUsage: OpUsage | null;
  /** The run's epoch log (`log.jsonl`), every epoch. */
  readonly log: readonly EpochRecord[];
  /** The supernet rebuilt by `supernetFromConfig` holding the checkpoint's weights. The caller disposes it. */
  loadSupernet(options?: SupernetFromConfigOptions): Supernet;
}

const isSearchConfig = (c: Partial<SearchConfig> | undefined): c is SearchConfig =>
  c?.skeleton !== undefined && c.strategy !== undefined && c.space !== undefined;

function usageOf(record: EpochRecord | undefined, space: SearchSpace): OpUsage | null {
  if (record === undefined) return null;
  const options = space.kind === 'cell' ? Object.fromEntries(space.cellTypes.map((t) => [t, space.ops])) : {};
  if (record.sampled !== undefined) return { kind: 'sampled', groups: record.sampled, options };
  if (record.alphas !== undefined && Object.keys(record.alphas).length > 0) return { kind: 'weights', groups: record.alphas, options };
  return null;
}

function readCheckpointSync(file: string, what: string): LoadedCheckpoint {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (error) {
    throw new NasError(`${what}: cannot read ${file} (${firstLine(error)})`);
  }
  return decodeCheckpoint(raw, file);
}

/**
 * Open a search run for use after it ran: `path` is its directory, its
 * `checkpoint.nas`, or one of its `snapshots/epoch-<n>.nas`. The kind and
 * config come from the run header (`config.json`; a checkpoint file copied
 * away from its run brings its config in its own meta). The supernet
 * estimator, `--inherit`, `nas bias` and genotype arguments read finished
 * runs only through here. `what` starts every error (e.g. `supernet RUN`).
 */
export function openFinishedRun(path: string, what = path): FinishedRun {
  if (!existsSync(path)) throw new NasError(`${what}: no such file or directory`);
  const isDir = statSync(path).isDirectory();
  const checkpointFile = isDir ? runFile(path, 'checkpoint') : path;
  const parent = dirname(checkpointFile);
  const dir = isDir ? path : basename(parent) === 'snapshots' ? dirname(parent) : parent;
  const snapshot = checkpointFile !== runFile(dir, 'checkpoint');
  // Weights are read only when asked for: a run kept without its checkpoint (docs/results/*) still gives its genotype and log.
  let loaded: LoadedCheckpoint | null = null;
  const checkpoint = (): LoadedCheckpoint => {
    if (!existsSync(checkpointFile))
      throw new NasError(`${what}: ${dir} has no ${basename(checkpointFile)}, so its supernet's weights are gone`);
    loaded ??= readCheckpointSync(checkpointFile, what);
    return loaded;
  };

  let config: SearchConfig;
  if (existsSync(runFile(dir, 'config'))) {
    const header = readRunHeader(dir);
    if (header.kind !== 'search') throw new NasError(`${what}: ${dir} is a ${header.kind} run, not a search run`);
    const c = header.config as Partial<SearchConfig>;
    if (!isSearchConfig(c)) throw new NasError(`${what}: ${runFile(dir, 'config')} holds no search config`);
    config = c;
  } else {
    // A checkpoint file copied away from its run carries its config in its meta.
    const meta = checkpoint().meta as { config?: Partial<SearchConfig> };
    if (!isSearchConfig(meta.config)) throw new NasError(`${what}: ${checkpointFile} is not a search run's checkpoint`);
    config = meta.config;
  }
  const space = spaceByName(config.space);
  const log = readLog(runFile(dir, 'log'));
  const snapshotEpochs = /^epoch-(\d+)\.nas$/.exec(basename(checkpointFile));
  const epochs = !snapshot
    ? log.length
    : snapshotEpochs
      ? Number(snapshotEpochs[1])
      : ((checkpoint().meta as { epoch?: number }).epoch ?? 0);
  // A snapshot's own epoch, or the run's last logged one.
  const record = snapshot ? log.find((r) => r.epoch === epochs - 1) : log.at(-1);
  const genotypeFile = runFile(dir, 'genotype');
  let genotype: Genotype | null = null;
  if (!snapshot && existsSync(genotypeFile)) genotype = genotypeFromJson(space, readFileSync(genotypeFile, 'utf8'));
  else if (snapshot && record !== undefined) genotype = parseGenotype(space, record.genotype);

  return {
    kind: 'search',
    dir,
    checkpointFile,
    config,
    space,
    epochs,
    genotype,
    opUsage: usageOf(record, space),
    log,
    loadSupernet(options = {}) {
      const weights = checkpoint();
      const supernet = supernetFromConfig(config, options);
      try {
        restoreVariables(weights, supernet.namedTensors(), `checkpoint ${checkpointFile}`);
      } catch (error) {
        supernet.dispose();
        throw error;
      }
      loaded = null; // the values now live in the supernet; a second call reads the file again
      return supernet;
    },
  };
}
