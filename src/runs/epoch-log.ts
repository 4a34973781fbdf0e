import { appendLedger, ledgerRecords, resumeLedger } from './ledger.js';

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

/** Append one record (a search's `EpochRecord` or any record with an `epoch`) as a line of the ledger. */
export function appendEpoch(file: string, record: { readonly epoch: number }): void {
  appendLedger(file, record);
}

/**
 * Keep only the records of epochs before `epoch` (a resumed run rewrites what
 * came after its checkpoint; a last line cut by a kill goes too).
 */
export function truncateLog(file: string, epoch: number): void {
  resumeLedger<{ epoch: number }>(file, (record) => record.epoch < epoch);
}

/** The epoch records of a `log.jsonl` (absent: none); a last line cut short by a kill is dropped. */
export function readLog(file: string): EpochRecord[] {
  return ledgerRecords<EpochRecord>(file);
}
