import { NasError } from '../errors.js';

/** Throw a one-line NasError naming `file` when a label is not a class index, so a bad file fails at load, not as NaN loss. */
export function checkLabels(labels: Uint8Array, classes: number, file: string): void {
  const bad = labels.findIndex((label) => label >= classes);
  if (bad >= 0) {
    throw new NasError(`${file}: label ${labels[bad]} of record ${bad} is out of range 0..${classes - 1}`);
  }
}
