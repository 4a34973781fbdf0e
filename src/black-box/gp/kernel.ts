import { Matrix } from 'ml-matrix';

/** Names of the stationary kernels the surrogate can use. */
export type KernelName = 'rbf' | 'matern52';

/**
 * A stationary kernel's correlation as a function of the scaled distance
 * r = |x - x'| / lengthscale (Rasmussen & Williams 2006, "Gaussian Processes
 * for Machine Learning", eqs. 4.9 and 4.17). The covariance is the signal
 * variance times this.
 */
export type Correlation = (r: number) => number;

const SQRT5 = Math.sqrt(5);

/**
 * The built-in kernels: a typed table, so a name without a function fails to
 * compile. Squared exponential (RBF) is infinitely smooth; Matern 5/2 is twice
 * differentiable, the default of Snoek, Larochelle & Adams (2012, "Practical
 * Bayesian Optimization of Machine Learning Algorithms") because the squared
 * exponential is unrealistically smooth for real objectives.
 */
export const KERNELS = {
  rbf: (r) => Math.exp(-0.5 * r * r),
  matern52: (r) => (1 + SQRT5 * r + (5 / 3) * r * r) * Math.exp(-SQRT5 * r),
} as const satisfies Record<KernelName, Correlation>;

/** Names of the built-in kernels, for messages and option checks. */
export const KERNEL_NAMES = Object.keys(KERNELS) as KernelName[];

/** What a kernel needs besides the points: its shape and scales. */
export interface KernelParams {
  readonly kernel: KernelName;
  /** Distance over which the function decorrelates, in feature units. */
  readonly lengthscale: number;
  /** Prior variance of the function (its value at distance 0). */
  readonly signalVariance: number;
}

/**
 * Squared Euclidean distances between the rows of `a` and of `b`. Computed
 * once per data set and shared by every kernel of a hyperparameter search,
 * which then only maps distances to covariances.
 */
export function squaredDistances(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): Matrix {
  const out = new Matrix(a.length, b.length);
  for (let i = 0; i < a.length; i++) {
    const ai = a[i]!;
    for (let j = 0; j < b.length; j++) {
      const bj = b[j]!;
      if (ai.length !== bj.length) throw new RangeError(`feature vectors of lengths ${ai.length} and ${bj.length}`);
      let d = 0;
      for (let k = 0; k < ai.length; k++) d += (ai[k]! - bj[k]!) ** 2;
      out.set(i, j, d);
    }
  }
  return out;
}

/** The covariance matrix `signalVariance * k(|x - x'| / lengthscale)` from squared distances. */
export function covariance(d2: Matrix, params: KernelParams): Matrix {
  const k = KERNELS[params.kernel];
  const out = new Matrix(d2.rows, d2.columns);
  for (let i = 0; i < d2.rows; i++) {
    for (let j = 0; j < d2.columns; j++) out.set(i, j, params.signalVariance * k(Math.sqrt(d2.get(i, j)) / params.lengthscale));
  }
  return out;
}

/** The kernel between two feature vectors (for tests and one-off use). */
export function kernelValue(params: KernelParams, x: readonly number[], y: readonly number[]): number {
  return covariance(squaredDistances([x], [y]), params).get(0, 0);
}
