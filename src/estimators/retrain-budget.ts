import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../checkpoint/index.js';
import { type RetrainConfig, type RetrainEpochRecord, runRetrain } from '../retrain/index.js';
import { readLog, runFile } from '../runs/index.js';
import type { Estimate } from './api.js';

/** The held-out accuracies (%) and seconds of each epoch a retraining run has logged. */
function logged(out: string): { curve: number[]; seconds: number[] } {
  let records: RetrainEpochRecord[] = [];
  try {
    records = readLog(runFile(out, 'log')) as unknown as RetrainEpochRecord[];
  } catch {
    records = [];
  }
  return { curve: records.map((r) => 100 * r.test_acc), seconds: records.map((r) => r.seconds) };
}

/**
 * The file of a run directory that says how many of its epochs earlier
 * queries were charged for: a query pays for the epochs past it, so epochs
 * trained by a query that was killed before it answered are paid by the
 * query that finishes them, and never twice.
 */
const PAID = 'paid-epochs.json';

function paidEpochs(out: string): number {
  const file = join(out, PAID);
  if (!existsSync(file)) return 0;
  const paid = (JSON.parse(readFileSync(file, 'utf8')) as { epochs?: unknown }).epochs;
  return typeof paid === 'number' && Number.isInteger(paid) && paid >= 0 ? paid : 0;
}

/**
 * A retraining run taken to `epochs` epochs of its recipe and no further:
 * it runs (from `config`, or resumed from its checkpoint) until that epoch
 * is logged, then stops at the epoch boundary with its checkpoint written,
 * so a later, larger budget continues the same training. The learning-rate
 * schedule is the recipe's, cosine over all its epochs (Li et al. 2017's
 * Hyperband with resumed trainings): a low budget is a truncated training,
 * and promoting an architecture costs only the epochs it has not had. We
 * chose this over a schedule restarted per budget, which would make every
 * promotion pay again for the epochs already trained. Returns the estimate
 * at that epoch (cost: the seconds of the epochs no earlier query paid for,
 * `paid-epochs.json`) or null when `shouldStop` interrupted it first.
 */
export async function trainToEpoch(
  out: string,
  config: RetrainConfig | null,
  epochs: number,
  shouldStop: (() => boolean) | undefined,
): Promise<Estimate | null> {
  if (logged(out).curve.length < epochs) {
    let reached = false;
    const outcome = await runRetrain(config, {
      out,
      resume: config === null,
      shouldStop: () => reached || (shouldStop?.() ?? false),
      onEpoch: (record) => {
        if (record.epoch + 1 >= epochs) reached = true;
      },
    });
    if (!reached && outcome.result === null) return null;
  }
  const curve = logged(out).curve.slice(0, epochs);
  return { score: curve[epochs - 1]!, cost: await chargeUnpaid(out, epochs), curve };
}

/**
 * The seconds of the logged epochs up to `epochs` (all logged ones when
 * omitted) that no earlier query paid for, now marked paid: what a query
 * that reads the run up to there costs. A query asked again costs 0, and
 * one that resumes a training killed before it answered pays for the epochs
 * trained before the kill too.
 */
export async function chargeUnpaid(out: string, epochs?: number): Promise<number> {
  const seconds = logged(out).seconds;
  const upTo = Math.min(epochs ?? seconds.length, seconds.length);
  const paid = paidEpochs(out);
  if (upTo <= paid) return 0;
  await writeFileAtomic(join(out, PAID), `${JSON.stringify({ epochs: upTo })}\n`);
  return seconds.slice(paid, upTo).reduce((s, x) => s + x, 0);
}
