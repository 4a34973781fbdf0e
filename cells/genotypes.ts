import { NasError } from '../src/errors.js';
import type { Genotype } from '../src/space/api.js';
import { fromDartsGenotype } from '../src/space/darts-format.js';
import { DARTS_SPACE } from './darts.js';

/**
 * Published genotypes, copied pair for pair from the DARTS code's
 * `cnn/genotypes.py` (Liu, Simonyan, Yang 2019): DARTS_V1 is the cell found
 * with the first-order approximation, DARTS_V2 with the second-order one (the
 * paper's 2.76% CIFAR-10 error). NASNet and AmoebaNet from the same file are
 * left out: they use ops outside the DARTS space (`sep_conv_7x7`,
 * `conv_7x1_1x7`), five intermediate nodes and partial concatenations.
 */
const DARTS_V1 = fromDartsGenotype(DARTS_SPACE, {
  normal: [
    ['sep_conv_3x3', 1],
    ['sep_conv_3x3', 0],
    ['skip_connect', 0],
    ['sep_conv_3x3', 1],
    ['skip_connect', 0],
    ['sep_conv_3x3', 1],
    ['sep_conv_3x3', 0],
    ['skip_connect', 2],
  ],
  normal_concat: [2, 3, 4, 5],
  reduce: [
    ['max_pool_3x3', 0],
    ['max_pool_3x3', 1],
    ['skip_connect', 2],
    ['max_pool_3x3', 0],
    ['max_pool_3x3', 0],
    ['skip_connect', 2],
    ['skip_connect', 2],
    ['avg_pool_3x3', 0],
  ],
  reduce_concat: [2, 3, 4, 5],
});

const DARTS_V2 = fromDartsGenotype(DARTS_SPACE, {
  normal: [
    ['sep_conv_3x3', 0],
    ['sep_conv_3x3', 1],
    ['sep_conv_3x3', 0],
    ['sep_conv_3x3', 1],
    ['sep_conv_3x3', 1],
    ['skip_connect', 0],
    ['skip_connect', 0],
    ['dil_conv_3x3', 2],
  ],
  normal_concat: [2, 3, 4, 5],
  reduce: [
    ['max_pool_3x3', 0],
    ['max_pool_3x3', 1],
    ['skip_connect', 2],
    ['max_pool_3x3', 1],
    ['max_pool_3x3', 0],
    ['skip_connect', 2],
    ['skip_connect', 2],
    ['max_pool_3x3', 1],
  ],
  reduce_concat: [2, 3, 4, 5],
});

/** Names of the published genotypes. */
export type NamedGenotypeName = 'DARTS_V1' | 'DARTS_V2';

/** Published genotypes by name (validated, frozen). */
export const NAMED_GENOTYPES = { DARTS_V1, DARTS_V2 } as const satisfies Record<NamedGenotypeName, Genotype>;

/** A published genotype by name; an unknown name is a `NasError` listing the known ones. */
export function namedGenotype(name: string): Genotype {
  if (!Object.hasOwn(NAMED_GENOTYPES, name)) {
    throw new NasError(`unknown genotype '${name}' (known: ${Object.keys(NAMED_GENOTYPES).join(', ')})`);
  }
  return NAMED_GENOTYPES[name as NamedGenotypeName];
}
