import type { BiasReport } from '../../analysis/index.js';
import type { Figure } from './api.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from './chart-config.js';

/**
 * Which ops each supernet over- or under-rates (see `opBias`: the mean
 * standardised over-rating of architectures using the op): one bar per op,
 * one panel per supernet, bars to the right for ops the supernet rates higher
 * than the truth does. Parameter-free ops on the right is the known
 * weight-sharing bias (Zela et al. 2020, "Understanding and robustifying
 * differentiable architecture search").
 */
export function opBiasFigure(report: BiasReport): Figure | null {
  const values = report.supernets.flatMap((s) =>
    s.op_bias.map((b) => ({
      supernet: s.supernet,
      op: b.op,
      bias: b.bias,
      edges: b.edges,
      rated: b.bias >= 0 ? 'over-rated' : 'under-rated',
    })),
  );
  if (values.length === 0) return null;
  return {
    name: 'op-bias',
    title: 'Per-op bias of the supernets',
    caption: `Mean standardised over-rating (supernet z-score minus ${report.truth} z-score) of the architectures using each op, weighted by its edges.`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      config: CHART_CONFIG,
      data: { values },
      facet: { field: 'supernet', type: 'nominal', sort: report.supernets.map((s) => s.supernet), title: null },
      columns: Math.min(3, report.supernets.length),
      spec: {
        width: 220,
        height: { step: 18 },
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'op', type: 'nominal', title: null, sort: { field: 'bias', order: 'descending' } },
          x: { field: 'bias', type: 'quantitative', title: 'bias' },
          color: {
            field: 'rated',
            type: 'nominal',
            title: null,
            scale: { domain: ['over-rated', 'under-rated'], range: ['#d62728', '#1f77b4'] },
          },
        },
      },
      resolve: { scale: { y: 'independent' } },
    },
  };
}
