import type { Batch } from '../../data/api.js';
import type { ForwardMode, Supernet } from '../../supernet/api.js';
import { type BatchNormMode, type EvaluationTotals, evaluationTotals, summarise } from '../../train/evaluate.js';

/**
 * The per-batch totals of one sub-architecture on batches, on the shared
 * weights, through the one evaluation routine, still on the device (a step
 * reads them with its other metrics): BatchNorm on each batch's own
 * statistics by default (a step's cheap signal), or re-calibrated on
 * `recalibration` (what `nas bias` judges a supernet by); the supernet's
 * running statistics are left as they were either way.
 */
export function scoreTotals(
  supernet: Supernet,
  mode: ForwardMode,
  batches: readonly Batch[],
  batchNorm: BatchNormMode = 'batch',
  recalibration: readonly Batch[] = [],
): EvaluationTotals {
  return evaluationTotals((x, training) => supernet.forward(x, mode, training), batches, {
    batchNorm,
    recalibration,
    buffers: supernet.weightBuffers(),
  });
}

/** Loss and accuracy of one sub-architecture on batches ({@link scoreTotals}), read back once. */
export async function scoreOnBatches(
  supernet: Supernet,
  mode: ForwardMode,
  batches: readonly Batch[],
  batchNorm: BatchNormMode = 'batch',
  recalibration: readonly Batch[] = [],
): Promise<{ loss: number; acc: number }> {
  if (batches.length === 0) return { loss: Number.NaN, acc: Number.NaN };
  const { totals, counts } = scoreTotals(supernet, mode, batches, batchNorm, recalibration);
  try {
    const { loss, accuracy } = summarise(await totals.data(), counts);
    return { loss, acc: accuracy };
  } finally {
    totals.dispose();
  }
}
