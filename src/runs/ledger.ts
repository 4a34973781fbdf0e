import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../checkpoint/index.js';
import { NasError, firstLine } from '../errors.js';

/**
 * The ledger: every append-only JSON-lines file of a run directory
 * (`log.jsonl` of a search or a retraining, `history.jsonl` of a black-box
 * run, `scores.jsonl` of a bias study) is read, appended, resumed and cut back
 * here, by one rule. A record is one JSON object on one line, appended as it
 * lands; the file is never rewritten in place except atomically. A kill can
 * cut only the last line short (it has no newline yet); that line is not
 * data and is dropped, and truncated away when the run resumes. Any other
 * line that is not a JSON object means the file was damaged: a one-line
 * `NasError` naming the file and the line.
 */

/** One complete record with its line's text and its (1-based) line number. */
export interface LedgerLine<T> {
  readonly record: T;
  readonly text: string;
  readonly line: number;
}

/** What reading a ledger found. */
export interface LedgerContents<T> {
  readonly lines: LedgerLine<T>[];
  /** The line number of a last line cut short by a kill (dropped), or null. */
  readonly cutLine: number | null;
}

function parseObject(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
  return value;
}

/** The complete records of a ledger file (absent: none). Blank lines are skipped. */
export function readLedger<T>(file: string): LedgerContents<T> {
  if (!existsSync(file)) return { lines: [], cutLine: null };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new NasError(`cannot read ${file}: ${firstLine(error)}`);
  }
  const raw = text.split('\n');
  const lines: LedgerLine<T>[] = [];
  let cutLine: number | null = null;
  for (const [i, line] of raw.entries()) {
    if (line.trim() === '') continue;
    try {
      lines.push({ record: parseObject(line) as T, text: line, line: i + 1 });
    } catch (error) {
      // Only the very end of the file, with no newline after it, can be a line a kill cut short.
      if (i === raw.length - 1) {
        cutLine = i + 1;
        break;
      }
      throw new NasError(`${file}: line ${i + 1} is not a JSON record (${firstLine(error)}); the file is damaged`);
    }
  }
  return { lines, cutLine };
}

/** The complete records of a ledger file, in order. */
export function ledgerRecords<T>(file: string): T[] {
  return readLedger<T>(file).lines.map((l) => l.record);
}

/** Append one record as a JSON line (one write, so a kill cuts at most this line). */
export function appendLedger(file: string, record: object): void {
  appendFileSync(file, `${JSON.stringify(record)}\n`);
}

/**
 * Ready a ledger for a resumed run: keep the longest run of records from the
 * start that `keep` accepts (all complete ones by default) and rewrite the
 * file atomically with just them, so a cut last line or records written after
 * the checkpoint being resumed are gone before anything is appended. A missing
 * file is created empty. Returns the kept lines.
 */
export function resumeLedger<T>(file: string, keep: (record: T, index: number) => boolean = () => true): LedgerLine<T>[] {
  const { lines } = readLedger<T>(file);
  const end = lines.findIndex((l, i) => !keep(l.record, i));
  const kept = end < 0 ? lines : lines.slice(0, end);
  writeFileAtomicSync(file, kept.map((l) => `${l.text}\n`).join(''));
  return kept;
}

/** Cut a ledger back to its first `count` complete records (see {@link resumeLedger}). */
export function truncateLedger<T>(file: string, count: number): LedgerLine<T>[] {
  if (!(Number.isInteger(count) && count >= 0)) throw new NasError(`a ledger is cut to a whole number of records, not ${count}`);
  return resumeLedger<T>(file, (_, i) => i < count);
}
