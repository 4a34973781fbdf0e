/**
 * Calibration of the learning-curve predictor (src/fidelity, Domhan et al.
 * 2015) on a table's per-epoch curves: for each k = 1 .. epochs - 1, every
 * architecture's mean val curve over its seeds is cut after k epochs and
 * extrapolated to the last epoch; printed per k: Spearman rho and Kendall tau
 * of the predictions against the final val, their mean absolute error, the
 * share of finals inside the predicted mean +- 2 std, and, as the baseline
 * the predictor must beat, rho and error of the last value seen.
 *
 * Usage: npx tsx scripts/calibrate-extrapolation.ts TABLE.json
 */
import { readFileSync } from 'node:fs';
import { kendallTauB, spearmanRho } from '../src/analysis/stats/index.js';
import { rowFidelity, type RunShape } from '../src/estimators/table-fidelity.js';
import { extrapolateCurve } from '../src/fidelity/index.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: npx tsx scripts/calibrate-extrapolation.ts TABLE.json');
const table = JSON.parse(readFileSync(file, 'utf8')) as { archs: Record<string, { runs?: RunShape[] }> };
const curves = Object.values(table.archs)
  .map((a) => rowFidelity(a.runs)?.val)
  .filter((c): c is readonly number[] => c !== undefined);
const epochs = curves[0]?.length ?? 0;
if (epochs < 2 || curves.some((c) => c.length !== epochs)) throw new Error(`${file}: needs per-epoch curves of one length >= 2`);
const finals = curves.map((c) => c[epochs - 1]!);
const mae = (xs: readonly number[]) => xs.reduce((s, x, i) => s + Math.abs(x - finals[i]!), 0) / xs.length;
console.log(`${file}: ${curves.length} architectures, ${epochs} epochs (mean val curve over seeds)`);
console.log('epochs seen | extrapolated: rho  tau   MAE   in 2 std | last value: rho  tau   MAE');
for (let k = 1; k < epochs; k++) {
  const predictions = curves.map((c) => extrapolateCurve(c.slice(0, k), epochs));
  const means = predictions.map((p) => p.mean);
  const lasts = curves.map((c) => c[k - 1]!);
  const inside = predictions.filter((p, i) => Math.abs(finals[i]! - p.mean) <= 2 * p.std).length / curves.length;
  const f = (x: number, d = 3) => x.toFixed(d).padStart(6);
  console.log(
    `${String(k).padStart(11)} | ${f(spearmanRho(means, finals))} ${f(kendallTauB(means, finals))} ${f(mae(means), 2)} ${f(100 * inside, 0)}% | ${f(spearmanRho(lasts, finals))} ${f(kendallTauB(lasts, finals))} ${f(mae(lasts), 2)}`,
  );
}
