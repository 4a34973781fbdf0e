import { type RetrainConfig, type RetrainEpochRecord, runRetrain } from '../retrain/index.js';
import { readLog, runFile } from '../runs/index.js';

/** The held-out accuracies (%) and seconds of each epoch a retraining run has logged. */
export function loggedEpochs(out: string): { curve: number[]; seconds: number[] } {
  let records: RetrainEpochRecord[] = [];
  try {
    records = readLog(runFile(out, 'log')) as unknown as RetrainEpochRecord[];
  } catch {
    records = [];
  }
  return { curve: records.map((r) => 100 * r.test_acc), seconds: records.map((r) => r.seconds) };
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
 * promotion pay again for the epochs already trained. Returns the score and
 * curve at that epoch (what it cost is the caller's to count, from the
 * logged seconds) or null when `shouldStop` interrupted it first.
 */
export async function trainToEpoch(
  out: string,
  config: RetrainConfig | null,
  epochs: number,
  shouldStop: (() => boolean) | undefined,
): Promise<{ score: number; curve: number[] } | null> {
  if (loggedEpochs(out).curve.length < epochs) {
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
  const curve = loggedEpochs(out).curve.slice(0, epochs);
  return { score: curve[epochs - 1]!, curve };
}
