import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import type { Skeleton } from '../../supernets/index.js';
import { multAddsObjective, paramsObjective, type NetworkCostConfig } from '../../src/black-box/objectives/index.js';
import { parseGenotype } from '../../src/space/index.js';
import { FixedNetwork } from '../../src/supernet/index.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { expectNasError } from '../helpers/expect-nas-error.js';
import { runCli } from '../helpers/run-cli.js';
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

describe('nas pareto on a hierarchical space', () => {
  const root = mkdtempSync(join(tmpdir(), 'nas-pareto-spaces-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('trades the retrained score against the weights of each genotype’s stand-alone network', async () => {
    const out = join(root, 'pareto');
    const flags = ['--retrain-channels', '4', '--retrain-layers', '1', '--retrain-epochs', '1', '--retrain-batch-size', '8'];
    const data = ['--retrain-train-limit', '16', '--holdout', '8', '--data-dir', 'embedded'];
    const run = ['--budget', '3', '--population', '2', '--objectives', 'params', '--out', out];
    const r = await runCli('pareto', '--estimator', 'retrain', '--space', 'hierarchical', ...flags, ...data, ...run);
    expect(r.code, r.err).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    const front = result.best.report.front as { genotype: string; objectives: { params: number } }[];
    expect(front.length).toBeGreaterThan(0);
    for (const { genotype, objectives } of front) {
      const net = new FixedNetwork(hierarchical.space, hierarchical.skeleton, parseGenotype(hierarchical.space, genotype));
      expect(objectives.params).toBe(net.mainParameterCount());
      net.dispose();
    }
  });
});
