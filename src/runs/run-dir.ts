import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NasError } from '../errors.js';

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
 * hold `resumeFrom` (a search's or retraining's checkpoint; a black-box
 * run's history, a bias study's architectures).
 */
export function prepareRunDir(dir: string, resume: boolean, resumeFrom: string = RUN_FILES.checkpoint): void {
  if (resume) {
    if (!existsSync(join(dir, resumeFrom))) throw new NasError(`cannot resume ${dir}: it has no ${resumeFrom}`);
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
