/**
 * Parametric learning-curve families of Domhan, Springenberg & Hutter
 * (IJCAI 2015, "Speeding up automatic hyperparameter optimization of deep
 * neural networks by extrapolation of learning curves", table 1): each maps
 * an epoch x >= 1 to an accuracy in [0, 1], with a starting point the fit
 * begins from. Saturating shapes: what a training's accuracy does.
 */
export interface CurveFamily {
  readonly name: string;
  readonly f: (x: number, p: readonly number[]) => number;
  /** Parameters to start the fit from, given the last accuracy seen. */
  readonly start: (last: number) => number[];
}

export const CURVE_FAMILIES: readonly CurveFamily[] = [
  // pow3: c - a x^-alpha
  { name: 'pow3', f: (x, [c, a, alpha]) => c! - a! * x ** -alpha!, start: (y) => [Math.min(1, y + 0.05), 0.1, 1] },
  // log power: a / (1 + (x / e^b)^-c)
  { name: 'log-power', f: (x, [a, b, c]) => a! / (1 + (x / Math.exp(b!)) ** -c!), start: (y) => [Math.min(1, y + 0.05), 0, 1] },
  // exp3: c - exp(-a x + b)
  { name: 'exp3', f: (x, [c, a, b]) => c! - Math.exp(-a! * x + b!), start: (y) => [Math.min(1, y + 0.05), 1, -2] },
  // vapor pressure: exp(a + b / x + c log x)
  {
    name: 'vapor-pressure',
    f: (x, [a, b, c]) => Math.exp(a! + b! / x + c! * Math.log(x)),
    start: (y) => [Math.log(Math.max(y, 1e-3)), -0.1, 0],
  },
  // Janoschek: alpha - (alpha - beta) exp(-kappa x^delta)
  {
    name: 'janoschek',
    f: (x, [alpha, beta, kappa, delta]) => alpha! - (alpha! - beta!) * Math.exp(-kappa! * x ** delta!),
    start: (y) => [Math.min(1, y + 0.05), 0.1, 1, 1],
  },
  // ilog2: c - a / log(x + 1)
  { name: 'ilog2', f: (x, [c, a]) => c! - a! / Math.log(x + 1), start: (y) => [Math.min(1, y + 0.05), 0.05] },
];
