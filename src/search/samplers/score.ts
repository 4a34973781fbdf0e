import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../../data/api.js';
import { withFrozenStatistics } from '../../ops/index.js';
import type { ForwardMode, Supernet } from '../../supernet/api.js';
import { accuracy, crossEntropy } from '../../train/loss.js';

/**
 * Loss and accuracy of one sub-architecture on batches, on the shared
 * weights, with BatchNorm on each batch's own statistics (the running
 * statistics mix every path the supernet trained; issue-7 estimators
 * re-calibrate them instead). Running statistics are frozen meanwhile, so
 * scoring never changes the supernet.
 */
export function scoreOnBatches(supernet: Supernet, mode: ForwardMode, batches: readonly Batch[]): { loss: number; acc: number } {
  if (batches.length === 0) return { loss: Number.NaN, acc: Number.NaN };
  let loss = 0;
  let acc = 0;
  withFrozenStatistics(() => {
    for (const batch of batches) {
      tf.tidy(() => {
        const logits = supernet.forward(batch.x, mode, true);
        loss += crossEntropy(logits, batch.y).dataSync()[0] ?? Number.NaN;
        acc += accuracy(logits, batch.y);
      });
    }
  });
  return { loss: loss / batches.length, acc: acc / batches.length };
}
