import type { Figure } from './api.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from './chart-config.js';

/**
 * Loss and accuracy per epoch, one panel each, a line per data split: a
 * search logs `train` and `val` (the architecture step's batches), a
 * retraining `train` and `test`. Epochs count from 1 (the log's `epoch` is
 * 0-based), as TensorBoard's steps do. Points are drawn on the lines so a
 * one-epoch run still shows its values; a metric a run did not measure (a
 * second-order search has no val accuracy: null) is left out, not drawn as 0.
 * Null when the log has no epochs yet.
 */
export function curvesFigure(log: readonly { readonly epoch: number }[], splits: readonly string[]): Figure | null {
  const values = log.flatMap((record) =>
    splits.flatMap((split) =>
      (['loss', 'accuracy'] as const).flatMap((metric) => {
        // Records name their metrics `<split>_loss` and `<split>_acc`.
        const value = (record as Readonly<Record<string, unknown>>)[`${split}_${metric === 'loss' ? 'loss' : 'acc'}`];
        return typeof value === 'number' && Number.isFinite(value) ? [{ epoch: record.epoch + 1, split, metric, value }] : [];
      }),
    ),
  );
  if (values.length === 0) return null;
  return {
    name: 'curves',
    title: 'Loss and accuracy per epoch',
    caption: `Epoch means on the ${splits.join(' and ')} batches.`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      config: CHART_CONFIG,
      data: { values },
      facet: { column: { field: 'metric', type: 'nominal', sort: ['loss', 'accuracy'], title: null } },
      spec: {
        width: 280,
        height: 180,
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1, format: 'd' } },
          y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
          color: { field: 'split', type: 'nominal', sort: [...splits], title: 'split' },
        },
      },
      resolve: { scale: { y: 'independent' } },
    },
  };
}
