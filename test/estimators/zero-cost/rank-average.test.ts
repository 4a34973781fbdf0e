import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../../cells/index.js';
import type { Estimate, Estimator } from '../../../src/estimators/index.js';
import { percentile, RankAverageEstimator } from '../../../src/estimators/index.js';
import { canonicalString, parseGenotype } from '../../../src/space/index.js';
import type { Genotype } from '../../../src/space/api.js';
import { expectNasError } from '../../helpers/expect-nas-error.js';

const space = spaceByName('nb201');

/** An estimator answering `f(number of 3x3 convs)`, counting its queries and whether it was disposed. */
function fake(name: string, f: (convs: number) => number): Estimator & { queries: number; disposed: boolean } {
  return {
    name,
    space,
    queries: 0,
    disposed: false,
    async estimate(g: Genotype): Promise<Estimate> {
      this.queries++;
      return { score: f(canonicalString(g).split('nor_conv_3x3').length - 1), cost: 1 };
    },
    dispose() {
      this.disposed = true;
    },
  };
}

describe('rank average of estimators', () => {
  it('percentile is the mid-rank share below a value', () => {
    expect(percentile([1, 2, 3, 4], 0)).toBe(0);
    expect(percentile([1, 2, 3, 4], 2)).toBe(0.375);
    expect(percentile([1, 2, 3, 4], 9)).toBe(1);
  });

  it('averages percentiles, so estimators on different scales count alike and a monotone rescaling changes nothing', async () => {
    const a = fake('a', (c) => c);
    const b = fake('b', (c) => 1000 * Math.exp(c));
    const rank = await RankAverageEstimator.create([a, b], 40, 's');
    expect(a.queries).toBe(40);
    const all3x3 = parseGenotype(space, '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|');
    const none = parseGenotype(space, '|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|');
    const high = await rank.estimate(all3x3);
    const low = await rank.estimate(none);
    // Both parts order architectures alike, so the mean of two equal percentiles is each of them.
    expect(high.score).toBeGreaterThan(0.9);
    expect(low.score).toBeLessThan(0.3);
    expect(high.cost).toBe(2);
    expect(rank.name).toBe('rank:a,b');
    rank.dispose();
    expect(a.disposed && b.disposed).toBe(true);
  });

  it('needs two parts and a reference of at least two', async () => {
    await expectNasError(() => RankAverageEstimator.create([fake('a', (c) => c)], 10, 's'), 'at least two estimators');
    await expectNasError(() => RankAverageEstimator.create([fake('a', (c) => c), fake('b', (c) => c)], 1, 's'), '--rank-reference');
  });
});
