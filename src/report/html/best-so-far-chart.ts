import type { Figure, HistoryRecord } from './api.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from './chart-config.js';

/**
 * The anytime performance of a black-box search, as NAS benchmark papers plot
 * it (e.g. Ying et al. 2019, NAS-Bench-101): the best score found after each
 * number of queries, one thin line per seed and a thick line for the mean
 * over seeds. The mean is the run's own `result.json` curve when it finished;
 * a stopped run's mean is taken over the seeds' queries so far (at each query
 * count, the seeds that reached it).
 */
export function bestSoFarFigure(history: readonly HistoryRecord[], curve: readonly number[] | null): Figure | null {
  if (history.length === 0) return null;
  const perSeed = history.map((q) => ({ series: `seed ${q.seed + 1}`, queries: q.index + 1, best: q.bestScore }));
  const mean = (curve ?? meanCurve(history)).map((best, i) => ({ series: 'mean', queries: i + 1, best }));
  const seeds = new Set(history.map((q) => q.seed)).size;
  return {
    name: 'best-so-far',
    title: 'Best score so far',
    caption: `Best score after each number of queries: the mean over ${seeds} seed${seeds === 1 ? '' : 's'} (thick) and each seed (thin).`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      config: CHART_CONFIG,
      width: 420,
      height: 240,
      data: { values: [...perSeed, ...mean] },
      encoding: {
        x: { field: 'queries', type: 'quantitative', title: 'queries', axis: { tickMinStep: 1, format: 'd' } },
        y: { field: 'best', type: 'quantitative', title: 'best score so far', scale: { zero: false } },
      },
      layer: [
        {
          transform: [{ filter: "datum.series !== 'mean'" }],
          mark: { type: 'line', strokeWidth: 1, opacity: 0.45, interpolate: 'step-after', color: '#7f7f7f' },
          encoding: { detail: { field: 'series', type: 'nominal' } },
        },
        {
          transform: [{ filter: "datum.series === 'mean'" }],
          mark: { type: 'line', strokeWidth: 2.5, interpolate: 'step-after', color: '#1f77b4', point: seeds === 1 || mean.length === 1 },
        },
      ],
    },
  };
}

function meanCurve(history: readonly HistoryRecord[]): number[] {
  const sums: { total: number; n: number }[] = [];
  for (const q of history) {
    sums[q.index] ??= { total: 0, n: 0 };
    const s = sums[q.index]!;
    s.total += q.bestScore;
    s.n += 1;
  }
  return sums.filter((s) => s !== undefined).map((s) => s.total / s.n);
}
