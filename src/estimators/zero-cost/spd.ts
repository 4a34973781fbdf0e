/**
 * Cholesky factor L (row-major, lower) of a symmetric positive definite
 * n x n matrix in float64; null when the matrix is not positive definite.
 */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j]!;
    }
  return l;
}

/** ln det A from its Cholesky factor: twice the sum of the logs of the diagonal. */
export function logDet(l: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l[i * n + i]!);
  return 2 * s;
}

/** trace(A^-1) from A's Cholesky factor: the squared Frobenius norm of L^-1. */
export function traceOfInverse(l: Float64Array, n: number): number {
  let total = 0;
  // Column j of L^-1 by forward substitution of the unit vector e_j.
  for (let j = 0; j < n; j++) {
    const y = new Float64Array(n);
    for (let i = j; i < n; i++) {
      let s = i === j ? 1 : 0;
      for (let k = j; k < i; k++) s -= l[i * n + k]! * y[k]!;
      y[i] = s / l[i * n + i]!;
      total += y[i]! * y[i]!;
    }
  }
  return total;
}
