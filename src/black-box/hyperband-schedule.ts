import { NasError } from '../errors.js';

/** One successive-halving round: how many architectures are trained, at what budget (epochs, or the unit of `--budget-dim`). */
export interface HalvingRound {
  readonly count: number;
  readonly budget: number;
}

/** One Hyperband bracket: successive halving from `rounds[0].count` architectures. */
export interface Bracket {
  readonly s: number;
  readonly rounds: readonly HalvingRound[];
}

export interface HyperbandOptions {
  /** The halving rate: each round keeps the best 1/eta and trains them eta times longer (default 3). */
  readonly eta: number;
  /** The budget of the first round of the most aggressive bracket (default 1 epoch). */
  readonly minBudget: number;
  /** The budget of the last round of every bracket (default: the estimator's recipe). */
  readonly maxBudget: number;
}

/**
 * Hyperband's brackets (Li et al. 2017, JMLR, Algorithm 1): with
 * s_max = floor(log_eta(R / r)), bracket s (s_max down to 0) starts
 * n = ceil((s_max + 1) / (s + 1) * eta^s) architectures at R * eta^-s epochs
 * and runs successive halving (Jamieson & Talwalkar 2016): round i keeps
 * floor(n * eta^-i) of them at R * eta^(i - s) epochs. Budgets here are whole
 * numbers (epochs; or images, pixels, channels), so each is rounded to the
 * nearest and kept within [r, R].
 */
export function hyperbandBrackets(options: HyperbandOptions): Bracket[] {
  const { eta, minBudget, maxBudget } = options;
  if (!(Number.isInteger(eta) && eta >= 2)) throw new NasError(`--eta must be an integer of at least 2, got ${eta}`);
  if (!(Number.isInteger(minBudget) && minBudget >= 1))
    throw new NasError(`--min-budget must be a positive whole number (of epochs, or the --budget-dim's unit), got ${minBudget}`);
  if (!(Number.isInteger(maxBudget) && maxBudget >= minBudget))
    throw new NasError(`--max-budget must be a whole number of at least --min-budget (${minBudget}), got ${maxBudget}`);
  // The small epsilon keeps log_eta(9) = 2 from rounding down to 1.999...
  const sMax = Math.floor(Math.log(maxBudget / minBudget) / Math.log(eta) + 1e-9);
  const brackets: Bracket[] = [];
  for (let s = sMax; s >= 0; s--) {
    const n = Math.ceil(((sMax + 1) / (s + 1)) * eta ** s);
    const rounds: HalvingRound[] = [];
    for (let i = 0; i <= s; i++) {
      const budget = Math.min(maxBudget, Math.max(minBudget, Math.round(maxBudget * eta ** (i - s))));
      rounds.push({ count: Math.max(1, Math.floor(n * eta ** -i)), budget });
    }
    brackets.push({ s, rounds });
  }
  return brackets;
}
