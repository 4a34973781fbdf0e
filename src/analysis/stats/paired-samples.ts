import { NasError } from '../../errors.js';

/**
 * Reject what would make a statistic silently wrong: two score lists of
 * different lengths (they cannot be paired by architecture), or a value that
 * is not finite (a diverged stand-alone run's NaN must be dealt with before
 * the study, not folded into a correlation that then reads as "undefined").
 */
export function checkPairedSamples(x: readonly number[], y: readonly number[], what: string): void {
  if (x.length !== y.length) {
    throw new NasError(`${what}: the two score lists have different lengths (${x.length} and ${y.length})`);
  }
  checkFinite(x, what);
  checkFinite(y, what);
}

/** Reject a non-finite score, naming its index so the offending architecture can be found. */
export function checkFinite(values: readonly number[], what: string): void {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new NasError(`${what}: score ${bad} is ${values[bad]}, not a finite number`);
}
