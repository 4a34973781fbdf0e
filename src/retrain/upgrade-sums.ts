import type { EpochSums } from '../runs/training-loop.js';

/** A retraining checkpoint's epoch sums before the shared training loop kept them by metric name. */
interface RetrainSumsBefore {
  readonly steps: number;
  readonly loss: number;
  readonly acc: number;
  readonly seconds: number;
}

/** The loop's epoch sums from a checkpoint (older ones converted, so they still resume mid-epoch). */
export function upgradeRetrainSums(sums: EpochSums | RetrainSumsBefore): EpochSums {
  if ('sums' in sums) return sums;
  const counts = { train_loss: sums.steps, train_acc: sums.steps };
  return { steps: sums.steps, seconds: sums.seconds, sums: { train_loss: sums.loss, train_acc: sums.acc }, counts };
}
