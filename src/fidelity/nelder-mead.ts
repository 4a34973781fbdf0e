/**
 * Nelder-Mead simplex minimisation (Nelder & Mead 1965, the standard
 * reflection / expansion / contraction / shrink coefficients 1, 2, 0.5, 0.5):
 * derivative-free, enough for the few parameters of a learning-curve family.
 */
export function nelderMead(f: (p: readonly number[]) => number, start: readonly number[], iterations = 300, step = 0.1): number[] {
  const n = start.length;
  let simplex = [
    start.slice(),
    ...start.map((_, i) => start.map((v, j) => (i === j ? v + (v === 0 ? step : step * Math.abs(v) + step) : v))),
  ];
  let values = simplex.map(f);
  for (let it = 0; it < iterations; it++) {
    const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
    simplex = order.map(([, i]) => simplex[i]!);
    values = order.map(([v]) => v);
    const centroid = Array.from({ length: n }, (_, j) => simplex.slice(0, n).reduce((s, p) => s + p[j]!, 0) / n);
    const worst = simplex[n]!;
    const along = (t: number) => centroid.map((c, j) => c + t * (c - worst[j]!));
    const reflected = along(1);
    const fr = f(reflected);
    if (fr < values[0]!) {
      const expanded = along(2);
      const fe = f(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]!) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = along(-0.5);
      const fc = f(contracted);
      if (fc < values[n]!) [simplex[n], values[n]] = [contracted, fc];
      else {
        simplex = simplex.map((p, i) => (i === 0 ? p : p.map((v, j) => simplex[0]![j]! + 0.5 * (v - simplex[0]![j]!))));
        values = simplex.map(f);
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return simplex[best]!;
}
