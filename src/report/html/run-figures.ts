import { match } from 'ts-pattern';
import type { FrontPoint } from '../../black-box/index.js';
import type { BlackBoxRun, Figure, ReportRun } from './api.js';
import { alphaFigures } from './alphas-chart.js';
import { bestSoFarFigure } from './best-so-far-chart.js';
import { curvesFigure } from './curves-chart.js';
import { opBiasFigure } from './op-bias-chart.js';
import { opUsageFigure } from './op-usage-chart.js';
import { paretoFigure, type SeedFront } from './pareto-chart.js';
import { rankFigure } from './rank-chart.js';

/**
 * The charts of a run, by kind: a search gets its loss/accuracy curves and
 * the alpha trajectories of each decision group; a retraining its curves; a
 * black-box search its best-so-far curve and, for `nas pareto`, the front; a
 * bias study its rank-correlation scatter, per-op bias bars and how each
 * supernet trained each op. A chart with
 * nothing to show (a run stopped before its first epoch) is left out.
 */
export function runFigures(run: ReportRun): Figure[] {
  const figures = match(run)
    .with({ kind: 'search' }, (r) => [curvesFigure(r.log, ['train', 'val']), ...alphaFigures(r.log, String(r.config.config['space']))])
    .with({ kind: 'retrain' }, (r) => [curvesFigure(r.log, ['train', 'test'])])
    .with({ kind: 'black-box' }, (r) => [bestSoFarFigure(r.history, r.result?.curve ?? null), paretoFigure(seedFronts(r))])
    .with({ kind: 'bias' }, (r) => [rankFigure(r.report), opBiasFigure(r.report), opUsageFigure(r.report)])
    .exhaustive();
  return figures.filter((f): f is Figure => f !== null);
}

/** The Pareto fronts a finished `nas pareto` run stored per seed (`per_seed[i].report.front`); none for other strategies. */
function seedFronts(run: BlackBoxRun): SeedFront[] {
  return (run.result?.per_seed ?? []).flatMap((s) => {
    const front = (s.report as { front?: unknown } | undefined)?.front;
    return Array.isArray(front) ? [{ seed: s.seed, front: front as FrontPoint[] }] : [];
  });
}
