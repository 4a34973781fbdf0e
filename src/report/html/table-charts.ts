import type { TableFile } from '../../table/api.js';
import type { Figure } from './api.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from './chart-config.js';
import { formatInterval } from './number-format.js';

type Interval = { readonly estimate: number; readonly low: number; readonly high: number };

const base = { $schema: VEGA_LITE_SCHEMA, config: CHART_CONFIG, width: 420, height: 280 } as const;

/**
 * The figures of a table's page, the ones NAS-Bench-201's paper draws of its
 * own tables (Dong & Yang 2020): how two seeds of one architecture agree,
 * how the architectures spread, accuracy against cost, and the training
 * curves. A figure the table has no data for (one seed, no curves) is left out.
 */
export function tableFigures(table: TableFile, seedTau: Interval | null): Figure[] {
  return [seedFigure(table, seedTau), spreadFigure(table), costFigure(table), curvesFigure(table)].filter((f): f is Figure => f !== null);
}

/** Val of the first two seeds, one point per architecture that has both: the table's own noise, whose rank agreement is its ceiling. */
function seedFigure(table: TableFile, seedTau: Interval | null): Figure | null {
  const seeds = [...new Set(Object.values(table.archs).flatMap((e) => e.runs.map((r) => r.seed)))].sort((a, b) => a - b);
  if (seeds.length < 2) return null;
  const [a, b] = seeds as [number, number];
  const values = Object.values(table.archs).flatMap((e) => {
    const x = e.runs.find((r) => r.seed === a);
    const y = e.runs.find((r) => r.seed === b);
    return x && y ? [{ x: x.val, y: y.val }] : [];
  });
  if (values.length === 0) return null;
  const lo = Math.min(...values.flatMap((v) => [v.x, v.y]));
  const hi = Math.max(...values.flatMap((v) => [v.x, v.y]));
  const axis = (title: string) => ({ type: 'quantitative' as const, title, scale: { domain: [lo, hi], nice: false } });
  return {
    name: 'seed-agreement',
    title: `Val accuracy, seed ${a} against seed ${b}`,
    caption: `Each point is one of the ${values.length} architectures trained with both seeds; on the diagonal the seeds agree.${seedTau === null ? '' : ` Kendall tau between them: ${formatInterval(seedTau)} (95% bootstrap), the table's noise ceiling.`}`,
    spec: {
      ...base,
      width: 320,
      height: 320,
      layer: [
        {
          data: {
            values: [
              { x: lo, y: lo },
              { x: hi, y: hi },
            ],
          },
          mark: { type: 'line', color: '#bbbbbb', strokeDash: [4, 3] },
          encoding: { x: { field: 'x', ...axis(`val % (seed ${a})`) }, y: { field: 'y', ...axis(`val % (seed ${b})`) } },
        },
        {
          data: { values },
          mark: { type: 'circle', size: 14, opacity: 0.5 },
          encoding: { x: { field: 'x', ...axis(`val % (seed ${a})`) }, y: { field: 'y', ...axis(`val % (seed ${b})`) } },
        },
      ],
    },
  };
}

/** How the architectures' test accuracies (means over seeds) spread. */
function spreadFigure(table: TableFile): Figure | null {
  const values = Object.values(table.archs).map((e) => ({ test: e.test }));
  if (values.length === 0) return null;
  return {
    name: 'test-spread',
    title: 'How the architectures spread',
    caption: `Test accuracy (mean over seeds) of the table's ${values.length} architectures, in 40 bins at most.`,
    spec: {
      ...base,
      data: { values },
      mark: { type: 'bar', color: '#4c78a8' },
      encoding: {
        x: { field: 'test', type: 'quantitative', bin: { maxbins: 40 }, title: 'test accuracy (%)' },
        y: { aggregate: 'count', type: 'quantitative', title: 'architectures' },
      },
    },
  };
}

/** Test accuracy against multiply-adds: what the space trades. */
function costFigure(table: TableFile): Figure | null {
  const values = Object.values(table.archs)
    .filter((e) => e.mult_adds > 0)
    .map((e) => ({ mult_adds: e.mult_adds, test: e.test }));
  if (values.length === 0) return null;
  return {
    name: 'accuracy-vs-cost',
    title: 'Accuracy against cost',
    caption: 'Test accuracy (mean over seeds) of each architecture against the multiply-adds of one inference on one image (log scale).',
    spec: {
      ...base,
      data: { values },
      mark: { type: 'circle', size: 14, opacity: 0.5 },
      encoding: {
        x: { field: 'mult_adds', type: 'quantitative', title: 'multiply-adds per image', scale: { type: 'log' } },
        y: { field: 'test', type: 'quantitative', title: 'test accuracy (%)', scale: { zero: false } },
      },
    },
  };
}

/** The val accuracy after each epoch over every run: median and the 10th to 90th percentile. */
function curvesFigure(table: TableFile): Figure | null {
  const epochs = table.header.recipe.epochs;
  const runs = Object.values(table.archs).flatMap((e) => e.runs.filter((r) => r.curve.length === epochs));
  if (runs.length === 0 || epochs < 2) return null;
  const values = Array.from({ length: epochs }, (_, i) => {
    const sorted = runs.map((r) => r.curve[i]!.val).sort((x, y) => x - y);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return { epoch: i + 1, p10: at(0.1), median: at(0.5), p90: at(0.9) };
  });
  const x = { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } } as const;
  return {
    name: 'val-curves',
    title: 'Val accuracy over training',
    caption: `After each of the recipe's ${epochs} epochs, over the table's ${runs.length} runs: the median (line) and the 10th to 90th percentile (band). The learning rate follows one cosine over all the epochs, so an early epoch is a truncated training, not a shorter schedule.`,
    spec: {
      ...base,
      data: { values },
      layer: [
        {
          mark: { type: 'area', opacity: 0.2, color: '#4c78a8' },
          encoding: {
            x,
            y: { field: 'p10', type: 'quantitative', scale: { zero: false }, title: 'val accuracy (%)' },
            y2: { field: 'p90' },
          },
        },
        { mark: { type: 'line', point: true, color: '#4c78a8' }, encoding: { x, y: { field: 'median', type: 'quantitative' } } },
      ],
    },
  };
}
