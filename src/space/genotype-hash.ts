import { createHash } from 'node:crypto';
import type { Genotype } from './api.js';
import { canonicalString } from './canonical-string.js';

/**
 * A short stable id of an architecture: the first 16 hex digits (64 bits) of
 * the SHA-256 of its `canonicalString`, so equal architectures share it on
 * every machine and run. It names the architecture within its space: a cache
 * spanning spaces keys by (space, hash).
 */
export function genotypeHash(genotype: Genotype): string {
  return createHash('sha256').update(canonicalString(genotype)).digest('hex').slice(0, 16);
}
