import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1): the only randomness search code takes, so every run is replayable from its seed. */
export type Rng = () => number;

/**
 * A seeded generator (alea, as `seededUniform` and `seededPermutation` use):
 * the same sequence on every platform and Node version, unlike the unseeded built-in generator.
 */
export function createRng(seed: string | number): Rng {
  const alea = seedrandom.alea(String(seed));
  return () => alea();
}

/** A uniform integer in `0 .. n-1` drawn from `rng`. */
export function randomIndex(rng: Rng, n: number): number {
  return Math.min(n - 1, Math.floor(rng() * n));
}
