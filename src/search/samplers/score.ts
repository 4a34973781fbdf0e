import type { Batch } from '../../data/api.js';
import type { ForwardMode, Supernet } from '../../supernet/api.js';
import { type BatchNormMode, evaluateBatches } from '../../train/evaluate.js';

/**
 * Loss and accuracy of one sub-architecture on batches, on the shared
 * weights, through the one evaluation routine: BatchNorm on each batch's own
 * statistics by default (a step's cheap signal), or re-calibrated on
 * `recalibration` (what `nas bias` judges a supernet by); the supernet's
 * running statistics are left as they were either way.
 */
export function scoreOnBatches(
  supernet: Supernet,
  mode: ForwardMode,
  batches: readonly Batch[],
  batchNorm: BatchNormMode = 'batch',
  recalibration: readonly Batch[] = [],
): { loss: number; acc: number } {
  if (batches.length === 0) return { loss: Number.NaN, acc: Number.NaN };
  const { loss, accuracy } = evaluateBatches((x, training) => supernet.forward(x, mode, training), batches, {
    batchNorm,
    recalibration,
    buffers: supernet.weightBuffers(),
  });
  return { loss, acc: accuracy };
}
