import { existsSync } from 'node:fs';
import { CheckpointClock, readCheckpoint, writeFileAtomic, type LoadedCheckpoint } from '../checkpoint/index.js';
import { prepareRunDir, runFile } from './run-dir.js';
import { readRunHeaderOf, runHeader, type RunKind } from './run-header.js';

/** What a checkpointed run (a search or a retraining) starts from. */
export interface OpenedRun<Meta> {
  readonly clock: CheckpointClock;
  /** The checkpoint a resumed run continues from; null for a new run. */
  readonly loaded: LoadedCheckpoint | null;
  readonly meta: Meta | null;
  /**
   * A run resumed before its first checkpoint (killed while loading data or
   * in its first steps: only `config.json` there): the settled config it
   * was started with, to start it again. Nothing is lost but time.
   */
  readonly restart: unknown;
}

/**
 * Open the run directory `out` of a checkpointed run of `kind`: the
 * checkpoint interval is checked first (a bad one is refused with the
 * directory untouched), then the directory is made ready (new, or holding a
 * checkpoint to resume, or only the `config.json` of a run killed before its
 * first checkpoint, which then restarts), then the checkpoint is read. The
 * caller checks the meta's and the restart config's shape.
 */
export async function openRun<Meta>(
  out: string,
  kind: RunKind,
  options: { resume?: boolean; checkpointMinutes?: number },
): Promise<OpenedRun<Meta>> {
  const resume = options.resume ?? false;
  const clock = new CheckpointClock(options.checkpointMinutes);
  if (resume && !existsSync(runFile(out, 'checkpoint')) && existsSync(runFile(out, 'config'))) {
    return { clock, loaded: null, meta: null, restart: readRunHeaderOf(out, kind, `--resume ${out}`).config };
  }
  prepareRunDir(out, resume);
  const loaded = resume ? await readCheckpoint(runFile(out, 'checkpoint')) : null;
  return { clock, loaded, meta: loaded ? (loaded.meta as Meta) : null, restart: null };
}

/** Write a new run's `config.json`: its run header (toolkit, kind, backend) around the settled config. */
export async function writeRunConfig(out: string, kind: RunKind, config: unknown): Promise<void> {
  await writeFileAtomic(runFile(out, 'config'), `${JSON.stringify(runHeader(kind, config), null, 2)}\n`);
}
