import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../checkpoint/index.js';
import { NasError, firstLine } from '../errors.js';
import type { TableHeader, TableRun } from './api.js';

/**
 * A table build's ledger (`<table>.ledger.jsonl`): append-only JSON lines, the
 * first the header, then plans (which architectures and seeds to train) and
 * runs as they finish. The table file is assembled from it, so a killed build
 * loses at most the run in progress. Same rule as the toolkit's run ledgers
 * (issue 23's `src/runs/ledger.ts`, not yet committed when this was written:
 * these three functions are the seam to swap to it): a last line without its
 * newline was cut by a kill and is dropped (and cut away before appending);
 * any other line that is not a JSON object is damage, a one-line `NasError`.
 */
export type LedgerRecord =
  | ({ readonly kind: 'header' } & Omit<TableHeader, 'kind' | 'ledger'>)
  | { readonly kind: 'plan'; readonly archs: readonly string[]; readonly seeds: readonly number[] }
  | ({ readonly kind: 'run' } & TableRun);

/** The ledger's complete records (a missing file: none), dropping a last line cut short by a kill. */
export function readTableLedger(file: string): LedgerRecord[] {
  if (!existsSync(file)) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new NasError(`cannot read ${file}: ${firstLine(error)}`);
  }
  const lines = text.split('\n');
  const records: LedgerRecord[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      if (i === lines.length - 1) break;
      throw new NasError(`${file}: line ${i + 1} is not a JSON record (${firstLine(error)}); the ledger is damaged`);
    }
    const kind = (record as { kind?: unknown } | null)?.kind;
    if (kind !== 'header' && kind !== 'plan' && kind !== 'run')
      throw new NasError(`${file}: line ${i + 1} is not a table ledger record (kind ${JSON.stringify(kind)}); the ledger is damaged`);
    records.push(record as LedgerRecord);
  }
  return records;
}

/** Rewrites the ledger atomically with its complete records only, so appends never follow a cut line. Returns them. */
export function resumeTableLedger(file: string): LedgerRecord[] {
  const records = readTableLedger(file);
  if (existsSync(file)) writeFileAtomicSync(file, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return records;
}

/** Appends one record as one line (one write: a kill cuts at most this line). */
export function appendTableLedger(file: string, record: LedgerRecord): void {
  appendFileSync(file, `${JSON.stringify(record)}\n`);
}
