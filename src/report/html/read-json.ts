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

/**
 * The records of a JSON-lines file. A killed process can leave its last line
 * cut short (the logs are appended, not written atomically), so an unreadable
 * last line is dropped, as `--resume` does; an unreadable line before it means
 * the file is damaged and is an error.
 */
export function readJsonLines<T>(file: string): T[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new NasError(`cannot read ${file}: ${firstLine(error)}`);
  }
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const records: T[] = [];
  for (const [i, line] of lines.entries()) {
    try {
      records.push(JSON.parse(line) as T);
    } catch (error) {
      if (i === lines.length - 1 && !text.endsWith('\n')) break;
      throw new NasError(`cannot read ${file}: line ${i + 1} is not JSON (${firstLine(error)})`);
    }
  }
  return records;
}
