import type { BiasReport } from '../../analysis/index.js';
import type { Figure } from './api.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from './chart-config.js';
import { formatInterval } from './number-format.js';

/**
 * How well each supernet ranks architectures: a scatter of its score against
 * the ground truth per architecture, one panel per supernet titled with its
 * Kendall tau and 95% bootstrap interval (the statistic weight-sharing
 * studies report: Yu et al. 2020, "Evaluating the search phase of NAS").
 * Each panel has its own y scale, since supernet accuracies and stand-alone
 * accuracies live on different scales and only the order matters. Preferred
 * architectures (a run's derived genotype) are coloured apart from the uniform
 * sample the statistics are computed on. An architecture a scorer could not
 * score (null) is left out.
 */
export function rankFigure(report: BiasReport): Figure | null {
  const values = report.supernets.flatMap((s) => {
    const panel = `${s.supernet}: τ = ${formatInterval(s.kendall_tau)}`;
    return report.architectures.flatMap((a) => {
      const score = a.scores[s.supernet];
      const truth = a.scores[report.truth];
      return typeof score === 'number' && typeof truth === 'number' ? [{ panel, order: s.supernet, truth, score, source: a.source }] : [];
    });
  });
  if (values.length === 0) return null;
  return {
    name: 'rank-correlation',
    title: `Supernet scores vs ${report.truth}`,
    caption: `Each point is one of the ${report.k} architectures (plus preferred ones); panel titles give Kendall tau with its 95% bootstrap interval over the uniform sample.`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      config: CHART_CONFIG,
      data: { values },
      facet: {
        field: 'panel',
        type: 'nominal',
        sort: report.supernets.map((s) => `${s.supernet}: τ = ${formatInterval(s.kendall_tau)}`),
        title: null,
        header: { labelFontSize: 12 },
      },
      columns: Math.min(3, report.supernets.length),
      spec: {
        width: 230,
        height: 200,
        mark: { type: 'circle', size: 50, opacity: 0.8 },
        encoding: {
          x: { field: 'truth', type: 'quantitative', title: `${report.truth} score`, scale: { zero: false } },
          y: { field: 'score', type: 'quantitative', title: 'supernet score', scale: { zero: false } },
          color: { field: 'source', type: 'nominal', title: 'architecture' },
        },
      },
      resolve: { scale: { y: 'independent' } },
    },
  };
}
