import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NasError } from '../../errors.js';

/** The files of a run directory; every command writes the same kind of folder. */
export const RUN_FILES = {
  config: 'config.json',
  log: 'log.jsonl',
  checkpoint: 'checkpoint.nas',
  genotype: 'genotype.json',
  genotypeString: 'genotype.txt',
  result: 'result.json',
} as const;

export function runFile(dir: string, file: keyof typeof RUN_FILES): string {
  return join(dir, RUN_FILES[file]);
}

/**
 * Make `dir` ready for a new run: created if missing; an existing non-empty
 * directory is refused (never silently overwritten). For `--resume` it must
 * hold a checkpoint.
 */
export function prepareRunDir(dir: string, resume: boolean): void {
  if (resume) {
    if (!existsSync(runFile(dir, 'checkpoint'))) throw new NasError(`cannot resume ${dir}: it has no ${RUN_FILES.checkpoint}`);
    return;
  }
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new NasError(`--out ${dir} exists and is not a directory`);
    if (readdirSync(dir).length > 0) {
      throw new NasError(`--out ${dir} already holds files; choose a new directory or continue it with --resume ${dir}`);
    }
    return;
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    throw new NasError(`cannot create --out ${dir} (${code})`);
  }
}
