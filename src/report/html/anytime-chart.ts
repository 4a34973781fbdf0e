import type { AnytimeResults } from '../../anytime/api.js';
import type { Figure } from './api.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from './chart-config.js';

/**
 * Anytime curves at equal compute, as multi-fidelity papers plot them
 * (Li et al. 2017, Falkner et al. 2018): the table's `field` of each
 * contender's incumbent against seconds of training on a log axis, the
 * mean over seeds as a step line and the seeds' range (min to max) as a band.
 * Grid points where some seed has no incumbent yet are left out.
 */
export function anytimeFigure(results: AnytimeResults, field: 'val' | 'test'): Figure | null {
  const values = results.contenders.flatMap((c) =>
    results.grid.flatMap((compute, i) => {
      const s = c[field][i];
      return s === null || s === undefined ? [] : [{ contender: c.contender, compute, mean: s.mean, min: s.min, max: s.max }];
    }),
  );
  if (values.length === 0) return null;
  const what = field === 'val' ? 'validation' : 'test';
  const domain: number[] = [results.grid[0]!, results.compute];
  const x = {
    field: 'compute',
    type: 'quantitative',
    title: 'seconds of training per seed',
    scale: { type: 'log', domain, nice: false },
  } as const;
  const color = { field: 'contender', type: 'nominal', title: null, sort: results.contenders.map((c) => c.contender) } as const;
  return {
    name: `anytime-${field}`,
    title: `Best so far (${what}) against compute`,
    caption: `The table's ${what} accuracy of each contender's incumbent after each number of seconds of training: the mean over ${results.seeds} seed${results.seeds === 1 ? '' : 's'} (line) and their range (band); the table's best is ${results.optimum[field].toFixed(2)}.`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      config: CHART_CONFIG,
      width: 480,
      height: 280,
      data: { values },
      // The legend is the lines' (colour and dash), not the faint bands'.
      resolve: { legend: { color: 'independent' } },
      layer: [
        {
          mark: { type: 'area', opacity: 0.1, interpolate: 'step-after' },
          encoding: {
            x,
            y: { field: 'min', type: 'quantitative', scale: { zero: false } },
            y2: { field: 'max' },
            color: { ...color, legend: null },
          },
        },
        {
          mark: { type: 'line', interpolate: 'step-after', point: true },
          // Dashes as well as colours: contenders that tie draw on top of each other.
          encoding: {
            x,
            y: { field: 'mean', type: 'quantitative', title: `${what} accuracy of the incumbent (%)` },
            color,
            strokeDash: { field: 'contender', type: 'nominal', sort: color.sort, legend: null },
          },
        },
      ],
    },
  };
}
