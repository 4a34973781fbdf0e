import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../../cells/index.js';
import { createRng } from '../../../src/random/index.js';
import { SPOS_STRATEGY, Spos, computationClasses, resolveSearchConfig, sampleComputation } from '../../../src/search/index.js';
import { computationKey, sampleGenotype } from '../../../src/space/index.js';
import type { Genotype } from '../../../src/space/api.js';
import type { SampledMode } from '../../../src/supernet/api.js';
import { createSupernet } from '../../../src/supernet/index.js';
import { NB201_NETWORK } from '../../../supernets/index.js';

const nb201 = spaceByName('nb201');

describe('de-isomorphic sampling', () => {
  const classes = computationClasses(nb201);
  const sizeOf = new Map(classes.map((members) => [computationKey(nb201, members[0]!), members.length]));
  const largest = Math.max(...sizeOf.values());

  it("groups NB201's 15,625 architectures into its 6,466 computations", () => {
    expect(classes.length).toBe(6466);
    expect(classes.reduce((n, members) => n + members.length, 0)).toBe(15625);
    for (const members of classes) expect(new Set(members.map((g) => computationKey(nb201, g))).size).toBe(1);
  });

  it('draws computations uniformly, where uniform strings favour the ones with many spellings', () => {
    const draws = 20000;
    // Mean class size of a draw: 1 per class on average when uniform over classes is 15,625/6,466 = 2.42 ...
    const meanSize = (draw: (rng: () => number) => Genotype) => {
      const rng = createRng('unique-draws');
      let total = 0;
      for (let i = 0; i < draws; i++) total += sizeOf.get(computationKey(nb201, draw(rng)))!;
      return total / draws;
    };
    const expected = 15625 / 6466;
    expect(meanSize((rng) => sampleComputation(nb201, rng))).toBeCloseTo(expected, 0);
    // ... while a uniform string lands in a class in proportion to its size (sum of size^2 / 15,625).
    const sizeBiased = [...sizeOf.values()].reduce((s, n) => s + n * n, 0) / 15625;
    expect(sizeBiased).toBeGreaterThan(expected + 1);
    expect(Math.abs(meanSize((rng) => sampleGenotype(nb201, rng)) - sizeBiased)).toBeLessThan(Math.abs(expected - sizeBiased) / 4);
    expect(largest).toBeGreaterThan(10);
  });

  it('is reachable as the uniquePaths option (flag --unique-paths, config key) and SPOS then trains computation draws', () => {
    expect(SPOS_STRATEGY.options.parse({}).uniquePaths).toBe(false);
    expect(() => SPOS_STRATEGY.options.parse({ uniquePaths: 'yes' })).toThrow(/true or false/);
    const config = resolveSearchConfig({ strategy: 'spos', space: 'nb201', uniquePaths: true });
    expect(config.options).toMatchObject({ uniquePaths: true });
    const net = createSupernet(nb201, { ...NB201_NETWORK, channels: 4, cellsPerStage: 1, inputChannels: 1 }, { seed: 1 });
    const spos = new Spos({ uniquePaths: true });
    spos.setup(net, { epochs: 1, stepsPerEpoch: 1, seed: 'unique' });
    const paths = (spos as unknown as { paths(step: number, rng: () => number): SampledMode[] }).paths(0, createRng('draw'));
    expect(paths).toEqual([{ kind: 'fixed', genotype: sampleComputation(nb201, createRng('draw')) }]);
    spos.dispose();
    net.dispose();
  });
});
