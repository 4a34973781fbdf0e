import { firstLine } from '../errors.js';
import type { Genotype, SearchSpace } from './api.js';
import { fail } from './fields.js';
import { validateGenotype } from './validate-genotype.js';

/** A genotype as JSON text (2-space indented, no trailing newline): the file format search hands to retraining. */
export function genotypeToJson(genotype: Genotype): string {
  return JSON.stringify(genotype, null, 2);
}

/**
 * Reads a genotype of `space` from JSON text and validates it; text that is
 * not JSON is a one-line `NasError` with the parser's reason.
 */
export function genotypeFromJson(space: SearchSpace, text: string): Genotype {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    fail('genotype JSON', firstLine(error));
  }
  return validateGenotype(space, value);
}
