import { existsSync, readFileSync } from 'node:fs';
import { NasError, firstLine } from '../../errors.js';

/** A JSON file of a run, or a one-line `NasError` naming the file when it is not JSON. */
export function readJsonFile<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new NasError(`cannot read ${file}: ${firstLine(error)}`);
  }
}

/** Like {@link readJsonFile}, but null when the file does not exist (a run that has not finished has no `result.json`). */
export function readOptionalJsonFile<T>(file: string): T | null {
  return existsSync(file) ? readJsonFile<T>(file) : null;
}
