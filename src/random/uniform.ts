import seedrandom from 'seedrandom';

/** `n` values uniform in [lo, hi) from a seeded generator (alea), reproducible on every platform. */
export function seededUniform(n: number, seed: string | number, lo = -1, hi = 1): Float32Array {
  const rng = seedrandom.alea(String(seed));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rng();
  return out;
}
