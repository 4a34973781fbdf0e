import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/index.js';
import { DARTS_DEFAULTS, registerStrategy, resolveSearchConfig, SPOS_STRATEGY } from '../../src/search/index.js';

describe('resolveSearchConfig', () => {
  it('reads a config.json written before the strategy registry (docs/results), so old runs re-run and resume', () => {
    const config = resolveSearchConfig(loadConfigFile('docs/results/darts-fmnist-2000/config.json'));
    expect(config.strategy).toBe('darts');
    expect(config.weights).toEqual({ weightLr: 0.025, weightLrMin: 0.001, momentum: 0.9, weightDecay: 3e-4, gradClip: 5 });
    expect(config.options).toEqual({ order: 1, archLr: 3e-4, archBeta1: 0.5, archBeta2: 0.999, archWeightDecay: 1e-3, unrolledLr: null });
    expect([config.partialChannels, config.checkpointCells, config.trainLimit, config.seed]).toEqual([1, false, 2000, '1']);
    // Settled once, it settles to itself.
    expect(resolveSearchConfig(config)).toEqual(config);
  });

  it("keeps only the old groups' settings the strategy has (a sampler's config held the architecture optimizer's too)", () => {
    const legacy = { strategy: 'spos', darts: { ...DARTS_DEFAULTS, weightLr: 0.05 }, sampler: { candidates: 3, dropRate: 0.25 } };
    const config = resolveSearchConfig(legacy);
    expect(config.weights.weightLr).toBe(0.05);
    expect(config.options).toEqual({ candidates: 3, deriveBatchNorm: 'recalibrated', deriveBatches: 2, uniquePaths: false });
  });

  it('refuses a strategy whose options would shadow a setting every run has, and a built-in name', () => {
    expect(() => registerStrategy({ ...SPOS_STRATEGY, name: 'spos' })).toThrow(/^strategy 'spos' is already registered$/);
    expect(registerStrategy(SPOS_STRATEGY)).toBe(SPOS_STRATEGY);
    const shadow = {
      ...SPOS_STRATEGY,
      name: 'shadow',
      options: SPOS_STRATEGY.options.extend({ epochs: SPOS_STRATEGY.options.shape.candidates }),
    };
    expect(() => registerStrategy(shadow)).toThrow(/^strategy 'shadow': option 'epochs' is a setting of every run; name it differently$/);
  });
});
