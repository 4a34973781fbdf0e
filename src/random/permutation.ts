import seedrandom from 'seedrandom';

/**
 * A seeded permutation of `0 .. n-1` (Fisher-Yates on alea), the same on every
 * platform, so a split or an epoch's order is reproducible from its seed alone.
 */
export function seededPermutation(n: number, seed: string | number): Uint32Array {
  const rng = seedrandom.alea(String(seed));
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}
