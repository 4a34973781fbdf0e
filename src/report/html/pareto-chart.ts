import type { FrontPoint } from '../../black-box/index.js';
import { paretoFront } from '../../black-box/index.js';
import type { Figure } from './api.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from './chart-config.js';

/** A seed's Pareto front as `nas pareto` stores it in `result.json` (`per_seed[i].report.front`). */
export interface SeedFront {
  readonly seed: number;
  readonly front: readonly FrontPoint[];
}

/**
 * The Pareto front of a multi-objective search (NSGA-II, Deb et al. 2002) in
 * the plane of the score (higher is better) and the first cost objective
 * (lower is better, as every built-in objective, params, mult-adds and
 * latency, is a cost): every seed's front points, coloured by seed, with the
 * points no other point of any seed beats in this plane highlighted and joined
 * as a staircase. With more than one objective a seed's front can hold points
 * that are dominated in this projection; they are drawn but not highlighted.
 * Null when the run stored no fronts (every strategy but `pareto`).
 */
export function paretoFigure(fronts: readonly SeedFront[]): Figure | null {
  const points = fronts.flatMap(({ seed, front }) => front.map((p) => ({ seed, p })));
  const objective = points.length > 0 ? Object.keys(points[0]!.p.objectives)[0] : undefined;
  if (objective === undefined) return null;
  const plotted = points.filter(({ p }) => typeof p.objectives[objective] === 'number');
  const best = new Set(
    paretoFront(
      plotted.map(({ p }) => [p.score, p.objectives[objective]!]),
      ['max', 'min'],
    ),
  );
  const values = plotted.map(({ seed, p }, i) => ({
    seed: `seed ${seed + 1}`,
    score: p.score,
    cost: p.objectives[objective]!,
    front: best.has(i),
  }));
  return {
    name: 'pareto',
    title: `Pareto front: score vs ${objective}`,
    caption: `Front points of every seed; the ones no other point beats on both score (higher) and ${objective} (lower) are ringed and joined.`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      config: CHART_CONFIG,
      width: 420,
      height: 260,
      data: { values },
      encoding: {
        x: { field: 'cost', type: 'quantitative', title: objective, scale: { zero: false } },
        y: { field: 'score', type: 'quantitative', title: 'score', scale: { zero: false } },
      },
      layer: [
        {
          transform: [{ filter: 'datum.front' }],
          mark: { type: 'line', interpolate: 'step-after', color: '#333333', strokeWidth: 1.2 },
          encoding: { order: { field: 'cost', type: 'quantitative' } },
        },
        {
          mark: { type: 'circle', size: 45, opacity: 0.75 },
          encoding: { color: { field: 'seed', type: 'nominal', title: 'seed' } },
        },
        {
          transform: [{ filter: 'datum.front' }],
          mark: { type: 'point', size: 140, color: '#000000', strokeWidth: 1.5, filled: false },
        },
      ],
    },
  };
}
