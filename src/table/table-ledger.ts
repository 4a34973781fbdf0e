import { existsSync } from 'node:fs';
import { NasError } from '../errors.js';
import { appendLedger, readLedger, resumeLedger, type LedgerLine } from '../runs/ledger.js';
import type { TableHeader, TableRun } from './api.js';

/**
 * A table build's ledger (`<table>.ledger.jsonl`): the toolkit's one ledger
 * (src/runs/ledger.ts: a last line cut by a kill is dropped and cut away
 * before appending, any other bad line is a one-line `NasError`) holding the
 * header first, then plans (which architectures and seeds to train) and runs
 * as they finish. The table file is assembled from it, so a killed build
 * loses at most the runs in progress. This file adds only the record types
 * and the check that every line is one of them.
 */
export type LedgerRecord =
  | ({ readonly kind: 'header' } & Omit<TableHeader, 'kind' | 'ledger'>)
  | { readonly kind: 'plan'; readonly archs: readonly string[]; readonly seeds: readonly number[] }
  | ({ readonly kind: 'run' } & TableRun);

const KINDS: readonly unknown[] = ['header', 'plan', 'run'];

/** One (architecture, seed) run of a plan as a key: what a build and its progress count. */
export const pairKey = (arch: string, seed: number) => `${seed} ${arch}`;

function tableRecords(file: string, lines: readonly LedgerLine<{ kind?: unknown }>[]): LedgerRecord[] {
  for (const { record, line } of lines)
    if (!KINDS.includes(record.kind))
      throw new NasError(`${file}: line ${line} is not a table ledger record (kind ${JSON.stringify(record.kind)}); the ledger is damaged`);
  return lines.map((l) => l.record as LedgerRecord);
}

/** The ledger's complete records (a missing file: none), dropping a last line cut short by a kill. */
export function readTableLedger(file: string): LedgerRecord[] {
  return tableRecords(file, readLedger<{ kind?: unknown }>(file).lines);
}

/** Checks every record, then rewrites the ledger atomically with its complete records only, so appends never follow a cut line. */
export function resumeTableLedger(file: string): LedgerRecord[] {
  if (!existsSync(file)) return [];
  readTableLedger(file);
  return tableRecords(file, resumeLedger<{ kind?: unknown }>(file));
}

/** Appends one record as one line (one write: a kill cuts at most this line). */
export function appendTableLedger(file: string, record: LedgerRecord): void {
  appendLedger(file, record);
}
