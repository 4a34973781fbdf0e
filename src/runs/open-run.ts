import { CheckpointClock, readCheckpoint, writeFileAtomic, type LoadedCheckpoint } from '../checkpoint/index.js';
import { prepareRunDir, runFile } from './run-dir.js';
import { runHeader, type RunKind } from './run-header.js';

/** What a checkpointed run (a search or a retraining) starts from. */
export interface OpenedRun<Meta> {
  readonly clock: CheckpointClock;
  /** The checkpoint a resumed run continues from; null for a new run. */
  readonly loaded: LoadedCheckpoint | null;
  readonly meta: Meta | null;
}

/**
 * Open the run directory `out` of a checkpointed run: the checkpoint interval
 * is checked first (a bad one is refused with the directory untouched), then
 * the directory is made ready (new, or holding a checkpoint to resume), then
 * the checkpoint is read. The caller checks the meta's shape.
 */
export async function openRun<Meta>(out: string, options: { resume?: boolean; checkpointMinutes?: number }): Promise<OpenedRun<Meta>> {
  const resume = options.resume ?? false;
  const clock = new CheckpointClock(options.checkpointMinutes);
  prepareRunDir(out, resume);
  const loaded = resume ? await readCheckpoint(runFile(out, 'checkpoint')) : null;
  return { clock, loaded, meta: loaded ? (loaded.meta as Meta) : null };
}

/** Write a new run's `config.json`: its run header (toolkit, kind, backend) around the settled config. */
export async function writeRunConfig(out: string, kind: RunKind, config: unknown): Promise<void> {
  await writeFileAtomic(runFile(out, 'config'), `${JSON.stringify(runHeader(kind, config), null, 2)}\n`);
}
