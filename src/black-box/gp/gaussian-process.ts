import { CholeskyDecomposition, type Matrix } from 'ml-matrix';
import { covariance, squaredDistances, type KernelParams } from './kernel.js';

/** A kernel plus the variance of the observation noise: everything a fit needs besides the data. */
export interface GpHyperparameters extends KernelParams {
  /** Variance of the noise on each observed target. */
  readonly noiseVariance: number;
}

/** Posterior of the latent function at some points, in the targets' units. */
export interface GpPosterior {
  readonly mean: number[];
  /** Variance of the latent function (the observation noise not included). */
  readonly variance: number[];
}

/** Jitter tried, relative to the largest diagonal entry, when K + noise I is not numerically positive definite. */
const JITTERS = [1e-10, 1e-8, 1e-6, 1e-4, 1e-2];

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Exact Gaussian-process regression (Rasmussen & Williams 2006, algorithm
 * 2.1): Cholesky of K + noise I, weights alpha = K^-1 y, posterior mean
 * k*^T alpha and variance k(x*, x*) - |L^-1 k*|^2, and the log marginal
 * likelihood -y^T alpha / 2 - sum log L_ii - n log(2 pi) / 2.
 *
 * Targets are standardised (mean 0, population std 1, as scikit-learn's
 * `normalize_y`) before fitting, so one hyperparameter grid suits scores of
 * any scale; the posterior is returned in the original units, and the log
 * marginal likelihood is that of the standardised targets (which ranks
 * hyperparameters the same).
 */
export class GaussianProcess {
  private constructor(
    readonly hyper: GpHyperparameters,
    private readonly x: readonly (readonly number[])[],
    private readonly lower: Matrix,
    private readonly alpha: Float64Array,
    private readonly yMean: number,
    private readonly yStd: number,
    /** Log marginal likelihood of the standardised targets under `hyper`. */
    readonly logMarginalLikelihood: number,
  ) {}

  /** Fits `y` (one target per row of `x`) with fixed hyperparameters. */
  static fit(x: readonly (readonly number[])[], y: readonly number[], hyper: GpHyperparameters): GaussianProcess {
    return GaussianProcess.fitDistances(x, squaredDistances(x, x), y, hyper);
  }

  /** `fit` with the squared distances between the rows of `x` already computed (a hyperparameter search shares them). */
  static fitDistances(x: readonly (readonly number[])[], d2: Matrix, y: readonly number[], hyper: GpHyperparameters): GaussianProcess {
    const n = y.length;
    if (n === 0 || x.length !== n || d2.rows !== n)
      throw new RangeError(`a fit needs as many points as targets (at least one), got ${x.length} and ${n}`);
    const yMean = y.reduce((a, b) => a + b, 0) / n;
    const spread = Math.sqrt(y.reduce((a, b) => a + (b - yMean) ** 2, 0) / n);
    const yStd = spread > 0 ? spread : 1;
    const z = y.map((v) => (v - yMean) / yStd);
    const lower = choleskyWithJitter(covariance(d2, hyper), hyper.noiseVariance);
    const alpha = backSubstituteTransposed(lower, forwardSubstitute(lower, z));
    let lml = -0.5 * n * LOG_2PI;
    for (let i = 0; i < n; i++) lml += -0.5 * z[i]! * alpha[i]! - Math.log(lower.get(i, i));
    return new GaussianProcess(hyper, x, lower, alpha, yMean, yStd, lml);
  }

  /** Posterior mean and latent variance at the rows of `points`. */
  predict(points: readonly (readonly number[])[]): GpPosterior {
    const cross = covariance(squaredDistances(points, this.x), this.hyper);
    const mean: number[] = [];
    const variance: number[] = [];
    for (let p = 0; p < points.length; p++) {
      const k = cross.getRow(p);
      let m = 0;
      for (let i = 0; i < k.length; i++) m += k[i]! * this.alpha[i]!;
      const v = forwardSubstitute(this.lower, k);
      let explained = 0;
      for (let i = 0; i < v.length; i++) explained += v[i]! * v[i]!;
      mean.push(this.yMean + this.yStd * m);
      variance.push(this.yStd * this.yStd * Math.max(0, this.hyper.signalVariance - explained));
    }
    return { mean, variance };
  }
}

/**
 * Lower Cholesky factor of `k + noise I`; when rounding makes that
 * indefinite (near-duplicate points, tiny noise), the smallest jitter of
 * `JITTERS` (relative to the diagonal) that makes it positive definite is added.
 */
function choleskyWithJitter(k: Matrix, noise: number): Matrix {
  const scale = Math.max(...k.diag()) + noise;
  for (const jitter of [0, ...JITTERS]) {
    const a = k.clone();
    for (let i = 0; i < a.rows; i++) a.set(i, i, a.get(i, i) + noise + jitter * scale);
    const cholesky = new CholeskyDecomposition(a);
    if (cholesky.isPositiveDefinite()) return cholesky.lowerTriangularMatrix;
  }
  throw new RangeError(`covariance matrix not positive definite even with jitter ${JITTERS.at(-1)} x its diagonal`);
}

/** Solves L v = b for lower-triangular L. */
function forwardSubstitute(lower: Matrix, b: readonly number[]): Float64Array {
  const n = lower.rows;
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let j = 0; j < i; j++) s -= lower.get(i, j) * v[j]!;
    v[i] = s / lower.get(i, i);
  }
  return v;
}

/** Solves L^T x = v for lower-triangular L. */
function backSubstituteTransposed(lower: Matrix, v: Float64Array): Float64Array {
  const n = lower.rows;
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = v[i]!;
    for (let j = i + 1; j < n; j++) s -= lower.get(j, i) * x[j]!;
    x[i] = s / lower.get(i, i);
  }
  return x;
}
