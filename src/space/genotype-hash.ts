import type { Genotype } from './api.js';
import { canonicalString } from './canonical-string.js';
import { sha256Hex } from './sha256.js';

/**
 * A short stable id of an architecture: the first 16 hex digits (64 bits) of
 * the SHA-256 of its `canonicalString`, so equal architectures share it on
 * every machine and run, in a browser too (the digest is the toolkit's own,
 * synchronous, not Node's `crypto`). It names the architecture within its
 * space: a cache spanning spaces keys by (space, hash).
 */
export function genotypeHash(genotype: Genotype): string {
  return sha256Hex(canonicalString(genotype)).slice(0, 16);
}
