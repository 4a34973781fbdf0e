import { basename } from 'node:path';
import { match } from 'ts-pattern';
import type { BiasRun, BlackBoxRun, KeyTable, ReportRun, RetrainRun, SearchRun } from './api.js';
import { formatInterval, formatNumber, formatSeconds } from './number-format.js';

/**
 * The numbers a reader of a run looks for first, as a small table: for a
 * search the final and best accuracies and the derived genotype; for a
 * retraining the test accuracy, size and cost; for a black-box search the
 * best score over seeds; for a bias study one row per supernet with its rank
 * agreement. A run that has not finished says so instead of showing a result.
 */
export function keyNumbers(run: ReportRun): KeyTable {
  return match(run)
    .with({ kind: 'search' }, searchNumbers)
    .with({ kind: 'retrain' }, retrainNumbers)
    .with({ kind: 'black-box' }, blackBoxNumbers)
    .with({ kind: 'bias' }, biasNumbers)
    .exhaustive();
}

/** One line saying what the run is: its directory name, kind and setting. */
export function runHeadline(run: ReportRun): string {
  const name = basename(run.dir);
  return match(run)
    .with(
      { kind: 'search' },
      (r) =>
        `${name}: ${String(r.config.config['strategy'])} search of the ${String(r.config.config['space'])} space on ${String(r.config.config['dataset'])}`,
    )
    .with(
      { kind: 'retrain' },
      (r) =>
        `${name}: stand-alone training of ${String(r.config.config['source'] ?? 'a genotype')} on ${String(r.config.config['dataset'])}`,
    )
    .with({ kind: 'black-box' }, (r) => `${name}: nas ${r.config.config.command} over ${String(r.config.config.flags['estimator'])}`)
    .with(
      { kind: 'bias' },
      (r) => `${name}: weight-sharing bias study, ${r.report.k} architectures of the ${r.report.space} space against ${r.report.truth}`,
    )
    .exhaustive();
}

const pairs = (rows: readonly (readonly [string, string])[]): KeyTable => ({ head: ['quantity', 'value'], rows });

function searchNumbers(run: SearchRun): KeyTable {
  const last = run.log.at(-1);
  const withVal = run.log.filter((r) => typeof r.val_acc === 'number');
  const best = withVal.reduce<(typeof withVal)[number] | undefined>(
    (a, b) => (a === undefined || b.val_acc! > a.val_acc! ? b : a),
    undefined,
  );
  const seconds = run.result?.seconds ?? run.log.reduce((s, r) => s + r.seconds, 0);
  return pairs([
    ['epochs', `${run.log.length} of ${String(run.config.config['epochs'])}${run.result ? '' : ' (not finished)'}`],
    ['final train accuracy', formatNumber(last?.train_acc)],
    ['final val accuracy', formatNumber(last?.val_acc)],
    ['best val accuracy', best ? `${formatNumber(best.val_acc)} (epoch ${best.epoch + 1})` : 'n/a'],
    ['time', formatSeconds(seconds)],
    ['backend', String(run.config.backend ?? 'n/a')],
    ['genotype', run.result?.genotype ?? last?.genotype ?? 'n/a'],
  ]);
}

function retrainNumbers(run: RetrainRun): KeyTable {
  const r = run.result;
  const last = run.log.at(-1);
  return pairs([
    ['epochs', `${run.log.length} of ${String(run.config.config['epochs'])}${r ? '' : ' (not finished)'}`],
    [`${r?.evaluated_on ?? 'test'} accuracy`, formatNumber(r?.test_acc ?? last?.test_acc)],
    [`${r?.evaluated_on ?? 'test'} loss`, formatNumber(r?.test_loss ?? last?.test_loss)],
    ['parameters (without auxiliary head)', formatNumber(r?.params)],
    ['multiply-adds per image', formatNumber(r?.mult_adds)],
    ['time', formatSeconds(r?.seconds ?? run.log.reduce((s, e) => s + e.seconds, 0))],
    ['backend', String(run.config.backend ?? 'n/a')],
    ['genotype', r?.genotype ?? 'n/a'],
  ]);
}

function blackBoxNumbers(run: BlackBoxRun): KeyTable {
  const r = run.result;
  const f = (m: { mean: number; std: number } | null | undefined) => (m ? `${formatNumber(m.mean)} ± ${formatNumber(m.std)}` : 'n/a');
  const flags = run.config.config.flags;
  return pairs([
    ['strategy', r?.strategy ?? run.config.config.command],
    ['estimator', r?.estimator ?? String(flags['estimator'])],
    [
      'queries',
      `${run.history.length} of ${Number(flags['seeds']) * Number(flags['budget'])} (${String(flags['seeds'])} seed(s) × ${String(flags['budget'])})${r ? '' : ', not finished'}`,
    ],
    ['best score (mean ± std over seeds)', f(r?.best_score)],
    ['its test score', f(r?.best_test)],
    ['best architecture', r ? `${r.best.genotype} (seed ${r.best.seed + 1}, score ${formatNumber(r.best.score)})` : 'n/a'],
    ['estimator cost', r ? formatNumber(r.cost) : 'n/a'],
    ['time', r ? formatSeconds(r.seconds) : 'n/a'],
  ]);
}

function biasNumbers(run: BiasRun): KeyTable {
  return {
    head: ['supernet', 'Kendall tau [95%]', 'Spearman rho [95%]', 'top-k overlap', 'regret', 'most over-rated op'],
    rows: run.report.supernets.map((s) => [
      s.supernet,
      formatInterval(s.kendall_tau),
      formatInterval(s.spearman_rho),
      `top-${s.top_k.k}: ${formatInterval(s.top_k.overlap, 2)}`,
      formatNumber(s.regret, 2),
      s.op_bias[0] ? `${s.op_bias[0].op} (${formatNumber(s.op_bias[0].bias, 2)})` : 'n/a',
    ]),
  };
}
