import type { EpochSums } from '../../runs/training-loop.js';

/** A search checkpoint's epoch sums before the shared training loop kept them by metric name. */
interface SearchSumsBefore {
  readonly steps: number;
  readonly valLossSteps: number;
  readonly valAccSteps: number;
  readonly trainLoss: number;
  readonly trainAcc: number;
  readonly valLoss: number;
  readonly valAcc: number;
  readonly seconds: number;
}

/** A checkpoint's epoch sums in the loop's shape; checkpoints written before it are converted, so they still resume mid-epoch. */
export function upgradeSums(sums: EpochSums | SearchSumsBefore): EpochSums {
  if ('sums' in sums) return sums;
  return {
    steps: sums.steps,
    seconds: sums.seconds,
    sums: { train_loss: sums.trainLoss, train_acc: sums.trainAcc, val_loss: sums.valLoss, val_acc: sums.valAcc },
    counts: { train_loss: sums.steps, train_acc: sums.steps, val_loss: sums.valLossSteps, val_acc: sums.valAccSteps },
  };
}
