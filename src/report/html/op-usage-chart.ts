import type { BiasReport } from '../../analysis/index.js';
import type { Figure } from './api.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from './chart-config.js';

/**
 * How each supernet's training spread over the ops, next to its per-op bias:
 * for single-path strategies each op's share of the sampled (step, edge)
 * pairs, for DARTS/GDAS its share of the final architecture weight, one
 * panel per supernet and one bar colour per decision group (normal, reduce).
 * An op trained more often has better-trained shared weights, one suspected
 * source of the bias the study measures.
 */
export function opUsageFigure(report: BiasReport): Figure | null {
  const values = report.supernets.flatMap((s) =>
    s.training === null
      ? []
      : Object.entries(s.training.shares).flatMap(([group, shares]) =>
          Object.entries(shares).map(([op, share]) => ({ supernet: `${s.supernet} (${s.training!.kind})`, group, op, share })),
        ),
  );
  if (values.length === 0) return null;
  return {
    name: 'op-usage',
    title: 'How the supernets trained each op',
    caption:
      'Share of each op in training: sampled steps per edge (single-path strategies) or final architecture weight (DARTS, GDAS), by cell type.',
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      config: CHART_CONFIG,
      data: { values },
      facet: { field: 'supernet', type: 'nominal', title: null },
      columns: Math.min(3, report.supernets.length),
      spec: {
        width: 220,
        height: { step: 12 },
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'op', type: 'nominal', title: null },
          yOffset: { field: 'group', type: 'nominal' },
          x: { field: 'share', type: 'quantitative', title: 'share', axis: { format: '.0%' } },
          color: { field: 'group', type: 'nominal', title: 'cell' },
        },
      },
    },
  };
}
