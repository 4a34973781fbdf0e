import { NasError } from '../errors.js';
import { CURVE_FAMILIES } from './curve-families.js';
import { nelderMead } from './nelder-mead.js';

/** A learning-curve prediction: the accuracy (%) expected at the target epoch, and its uncertainty. */
export interface CurvePrediction {
  readonly mean: number;
  readonly std: number;
  /** Each family's prediction (%) and ensemble weight. */
  readonly families: readonly { readonly name: string; readonly mean: number; readonly weight: number }[];
}

/** Noise floor of an accuracy reading, as a fraction (half a point): what a curve of few epochs cannot fit below. */
const NOISE = 0.005;

/**
 * Extrapolates a learning curve (accuracies in % after epochs 1..n) to
 * `target` epochs, after Domhan et al. (IJCAI 2015): each parametric family
 * (`CURVE_FAMILIES`) is fitted by least squares (Nelder-Mead) under their
 * prior that the curve ends between its last value and 100% and does not
 * fall; the ensemble weights each family by its Gaussian likelihood,
 * exp(-SSE / 2 sigma^2) with sigma the larger of the noise floor and the
 * residuals, and the uncertainty is the spread of the families around the
 * weighted mean plus that noise. Least squares and likelihood weights replace
 * their MCMC ("MCMC-lite"): the toolkit needs a fast, deterministic answer.
 * One epoch fits no shape: the last value is predicted, with a spread as wide
 * as the ensemble's (what the calibration measures).
 */
export function extrapolateCurve(curve: readonly number[], target: number): CurvePrediction {
  if (curve.length === 0) throw new NasError('a learning curve to extrapolate needs at least one epoch');
  if (!(Number.isInteger(target) && target >= curve.length)) throw new NasError(`cannot extrapolate ${curve.length} epochs to ${target}`);
  const ys = curve.map((v) => v / 100);
  const last = ys.at(-1)!;
  const fits = CURVE_FAMILIES.map((family) => {
    const loss = (p: readonly number[]) => {
      let sse = 0;
      for (let i = 0; i < ys.length; i++) {
        const r = family.f(i + 1, p) - ys[i]!;
        sse += r * r;
      }
      const end = family.f(target, p);
      if (!Number.isFinite(sse) || !Number.isFinite(end)) return 1e9;
      // Domhan et al.'s prior: the curve ends below 100% and above where it is now.
      const outside = Math.max(0, end - 1) + Math.max(0, last - NOISE - end);
      return sse + 10 * outside * outside;
    };
    const p = nelderMead(loss, family.start(last), 200 * family.start(last).length);
    const sse = loss(p);
    return { name: family.name, mean: Math.min(1, Math.max(last - NOISE, family.f(target, p))), sse };
  });
  const n = ys.length;
  const sigma2 = Math.max(NOISE * NOISE, Math.min(...fits.map((f) => f.sse)) / n);
  const minSse = Math.min(...fits.map((f) => f.sse));
  const raw = fits.map((f) => Math.exp(-(f.sse - minSse) / (2 * sigma2)));
  const total = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => w / total);
  const families = fits.map((f, i) => ({ name: f.name, mean: 100 * f.mean, weight: weights[i]! }));
  const mean = n === 1 ? last : fits.reduce((s, f, i) => s + weights[i]! * f.mean, 0);
  const spread = fits.reduce((s, f, i) => s + weights[i]! * (f.mean - mean) ** 2, 0);
  return { mean: 100 * mean, std: 100 * Math.sqrt(spread + sigma2), families };
}

/** P(final > threshold) under the prediction's normal approximation: what early stopping compares with its threshold. */
export function probabilityAbove(prediction: CurvePrediction, threshold: number): number {
  const z = (prediction.mean - threshold) / prediction.std;
  return 0.5 * (1 + erf(z / Math.SQRT2));
}

/** The error function (Abramowitz & Stegun 7.1.26, absolute error below 1.5e-7). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}
