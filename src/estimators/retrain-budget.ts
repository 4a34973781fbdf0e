import { type RetrainConfig, type RetrainEpochRecord, runRetrain } from '../retrain/index.js';
import { readLog, runFile } from '../runs/index.js';
import type { Estimate } from './api.js';

/** The held-out accuracies (%) and seconds of the epochs a retraining run has logged. */
function logged(out: string): { curve: number[]; seconds: number } {
  let records: RetrainEpochRecord[] = [];
  try {
    records = readLog(runFile(out, 'log')) as unknown as RetrainEpochRecord[];
  } catch {
    records = [];
  }
  return { curve: records.map((r) => 100 * r.test_acc), seconds: records.reduce((s, r) => s + r.seconds, 0) };
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
 * at that epoch (cost: the seconds trained by this call) or null when
 * `shouldStop` interrupted it first.
 */
export async function trainToEpoch(
  out: string,
  config: RetrainConfig | null,
  epochs: number,
  shouldStop: (() => boolean) | undefined,
): Promise<Estimate | null> {
  const before = logged(out);
  if (before.curve.length < epochs) {
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
  const after = logged(out);
  const curve = after.curve.slice(0, epochs);
  return { score: curve[epochs - 1]!, cost: after.seconds - before.seconds, curve };
}
