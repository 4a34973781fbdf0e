import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../checkpoint/index.js';
import { NasError } from '../errors.js';

/** One line of `log.jsonl`: an epoch's means, the derived genotype and the softmaxed alphas. */
export interface EpochRecord {
  readonly epoch: number;
  readonly lr: number;
  readonly train_loss: number;
  readonly train_acc: number;
  /**
   * Loss/accuracy on the architecture step's (val split) batches, before each
   * update (second order: the loss at the unrolled weights, no accuracy: null).
   */
  readonly val_loss: number | null;
  readonly val_acc: number | null;
  readonly seconds: number;
  readonly genotype: string;
  readonly alphas: Record<string, number[][]>;
  /** Single-path strategies: per group, `[row][option]`, the training steps each option ran in, from the start of the run. */
  readonly sampled?: Record<string, number[][]>;
}

/** Append one record (a search's `EpochRecord` or any record with an `epoch`) as a JSON line. */
export function appendEpoch(file: string, record: { readonly epoch: number }): void {
  appendFileSync(file, `${JSON.stringify(record)}\n`);
}

/** Keep only the records of epochs before `epoch` (a resumed run rewrites what came after its checkpoint). */
export function truncateLog(file: string, epoch: number): void {
  if (!existsSync(file)) return;
  const kept = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && (JSON.parse(line) as { epoch: number }).epoch < epoch);
  writeFileAtomicSync(file, kept.map((l) => `${l}\n`).join(''));
}

/**
 * The records of a JSON-lines file that is appended to as a run goes (absent:
 * none), each with its line's text and number. A last line that is not JSON
 * was cut by a kill and is dropped; a bad line before it is a `NasError`.
 */
export function readJsonLines<T>(file: string): { readonly record: T; readonly text: string; readonly line: number }[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  return lines.flatMap((text, i) => {
    if (text.trim() === '') return [];
    try {
      return [{ record: JSON.parse(text) as T, text, line: i + 1 }];
    } catch {
      if (lines.slice(i + 1).every((t) => t.trim() === '')) return [];
      throw new NasError(`${file}: line ${i + 1} is not JSON`);
    }
  });
}

export function readLog(file: string): EpochRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EpochRecord);
}
