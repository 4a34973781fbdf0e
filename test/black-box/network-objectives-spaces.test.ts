import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import type { Skeleton } from '../../supernets/index.js';
import { multAddsObjective, paramsObjective, type NetworkCostConfig } from '../../src/black-box/objectives/index.js';
import { parseGenotype } from '../../src/space/index.js';
import { expectNasError } from '../helpers/expect-nas-error.js';
import { CHAIN_GENOTYPE, HIERARCHICAL_GENOTYPE } from '../helpers/standalone-genotypes.js';

const chain: NetworkCostConfig = {
  space: spaceByName('chain'),
  skeleton: { kind: 'chain', inputChannels: 1, classes: 10 } satisfies Skeleton,
  inputShape: [8, 8, 1],
};
const hierarchical: NetworkCostConfig = {
  space: spaceByName('hierarchical'),
  skeleton: { kind: 'hierarchical', channels: 4, cellsPerStage: 1, inputChannels: 1, classes: 10 } satisfies Skeleton,
  inputShape: [8, 8, 1],
};

// The counts of test/supernet/fixed-network-spaces.test.ts and test/retrain/mult-adds-networks.test.ts, worked out by hand there.
describe('cost objectives on the chain and hierarchical spaces', () => {
  it.each([
    ['chain', chain, CHAIN_GENOTYPE, 81_194, 1_215_808],
    ['hierarchical', hierarchical, HIERARCHICAL_GENOTYPE, 6398, 65_632],
  ] as const)('%s: weights and multiply-adds of the genotype’s stand-alone network', async (_, config, text, params, multAdds) => {
    const genotype = parseGenotype(config.space, text);
    expect(await paramsObjective(config).measure(genotype)).toBe(params);
    expect(await multAddsObjective(config).measure(genotype)).toBe(multAdds);
  });

  it('refuses a genotype of another space in one line', async () => {
    await expectNasError(
      () => paramsObjective(hierarchical).measure(parseGenotype(chain.space, CHAIN_GENOTYPE)),
      'measures architectures of the hierarchical space',
    );
  });
});
