import { existsSync } from 'node:fs';
import { ledgerPath } from './table-file.js';
import { pairKey, readTableLedger } from './table-ledger.js';

/** How far a table's build plan has come: what `nas table info` says of a partial table. */
export interface PlanProgress {
  /** (architecture, seed) runs the ledger's plans ask for, and how many of them have finished. */
  readonly planned: number;
  readonly done: number;
  readonly archs: number;
  readonly seeds: readonly number[];
}

/**
 * The build plan of the table `file` from its ledger (`<table>.ledger.jsonl`):
 * every plan record's (architecture, seed) runs (a build's, and those of
 * `nas table add` and of growing the table), and how many have a run record.
 * Null when the table has no ledger beside it (a copied table file).
 */
export function planProgress(file: string): PlanProgress | null {
  const ledger = ledgerPath(file);
  if (!existsSync(ledger)) return null;
  const planned = new Set<string>();
  const archs = new Set<string>();
  const seeds = new Set<number>();
  const ran = new Set<string>();
  for (const record of readTableLedger(ledger)) {
    if (record.kind === 'plan')
      for (const arch of record.archs) {
        archs.add(arch);
        for (const seed of record.seeds) {
          seeds.add(seed);
          planned.add(pairKey(arch, seed));
        }
      }
    if (record.kind === 'run') ran.add(pairKey(record.arch, record.seed));
  }
  return {
    planned: planned.size,
    done: [...planned].filter((pair) => ran.has(pair)).length,
    archs: archs.size,
    seeds: [...seeds].sort((a, b) => a - b),
  };
}
