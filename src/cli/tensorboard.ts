import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spaceByName } from '../../cells/index.js';
import { TrainingBoard } from '../report/index.js';

/** Option names of each decision group of a cell space (its cell types, each over the space's ops); other spaces' groups stay unnamed. */
function optionNames(space: string | undefined): Record<string, readonly string[]> {
  if (space === undefined) return {};
  const s = spaceByName(space);
  return s.kind === 'cell' ? Object.fromEntries(s.cellTypes.map((t) => [t, s.ops])) : {};
}

/** The space named by a run directory's `config.json` (a resumed run's), if it can be read. */
function runSpace(dir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { config?: { space?: string } }).config?.space;
  } catch {
    return undefined;
  }
}

/** With `--tensorboard`, a board writing to `<run>/tensorboard/` (a resumed run adds a new event file there). */
export function tensorboardFor(enabled: boolean | undefined, dir: string, space: string | undefined): TrainingBoard | null {
  return enabled ? new TrainingBoard(join(dir, 'tensorboard'), optionNames(space ?? runSpace(dir))) : null;
}
