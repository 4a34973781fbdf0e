import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { BatchIterator, computeChannelStats, embeddedFashionSubsetDir } from '../../src/data/index.js';
import { readLog, supernetFromConfig } from '../../src/runs/index.js';
import { createStrategy, fitSkeleton, resolveSearchConfig, runSearch, searchData, strategyNames } from '../../src/search/index.js';
import { validateGenotype } from '../../src/space/index.js';
import { registerWarmSpos } from '../../scripts/extending/add-strategy.js';

/**
 * What every registered strategy must do, checked by looping over the
 * registry (timm's registry-driven tests): a strategy is covered by being
 * registered. Tiny shapes: NB201 cells at C=4, one cell per stage, two
 * epochs of two steps.
 */
// The strategy docs/extending.md adds is covered the way any extension is: by registering it.
registerWarmSpos();

const root = mkdtempSync(join(tmpdir(), 'nas-conformance-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const settings = {
  space: 'nb201',
  channels: 4,
  layers: 1,
  epochs: 2,
  batchSize: 8,
  trainLimit: 32,
  seed: 3,
  dataDir: embeddedFashionSubsetDir(),
};

describe.each(strategyNames())('strategy %s', (strategy) => {
  const config = resolveSearchConfig({ strategy, ...settings });
  const dir = (name: string) => join(root, `${strategy}-${name}`);
  const trace = (name: string) => readLog(join(dir(name), 'log.jsonl')).map(({ seconds: _s, ...rest }) => rest);

  it('derives a valid genotype, the same from the same seed, and frees every tensor', async () => {
    const tensors = tf.memory().numTensors;
    const a = await runSearch(config, { out: dir('a') });
    expect(tf.memory().numTensors).toBe(tensors);
    const b = await runSearch(config, { out: dir('b') });
    expect(validateGenotype(spaceByName(config.space), JSON.parse(JSON.stringify(a.genotype)))).toEqual(a.genotype);
    expect(b.canonical).toBe(a.canonical);
    expect(trace('b')).toEqual(trace('a'));
  });

  it('resumes mid-epoch exactly', async () => {
    let steps = 0;
    const stopped = await runSearch(config, { out: dir('stopped'), shouldStop: () => steps++ === 1 });
    expect(stopped.stopped).toBe(true);
    const resumed = await runSearch(null, { out: dir('stopped'), resume: true });
    expect(resumed.canonical).toBe(readFileSync(join(dir('a'), 'genotype.txt'), 'utf8').trim());
    expect(trace('stopped')).toEqual(trace('a'));
  });

  it('puts back its checkpoint: state and tensors round-trip, and a foreign state is a one-line error', async () => {
    const data = await searchData(config);
    const full = { ...config, skeleton: fitSkeleton(config.skeleton, data.all) };
    const it_ = new BatchIterator(data.train, { batchSize: 8, seed: 'conformance', stats: computeChannelStats(data.all) });
    const batches = [it_.next(), it_.next()];
    const supernet = supernetFromConfig(full);
    const context = { epochs: 2, stepsPerEpoch: 2, seed: 'c', fixedBatches: () => [batches[1]!] };
    const trained = createStrategy(full);
    const fresh = createStrategy(full);
    try {
      trained.setup(supernet, context);
      trained.beginEpoch(0);
      await trained.step(batches[0]!, batches[1]!);
      await trained.endEpoch(0);
      fresh.setup(supernet, context);
      const values = new Map(trained.slots().map(([name, v]) => [name, v.clone()] as const));
      fresh.restore(JSON.parse(JSON.stringify(trained.state())), values);
      tf.dispose([...values.values()]);
      expect(fresh.state()).toEqual(trained.state());
      expect(fresh.slots().map(([n]) => n)).toEqual(trained.slots().map(([n]) => n));
      for (const [[, a], [, b]] of fresh.slots().map((s, i) => [s, trained.slots()[i]!] as const)) {
        expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
      }
      expect(await fresh.derive()).toEqual(await trained.derive());
      expect(() => fresh.restore({ epoch: 'one' }, new Map())).toThrow(/checkpoint/);
    } finally {
      trained.dispose();
      fresh.dispose();
      supernet.dispose();
      tf.dispose(batches.flatMap((b) => [b.x, b.y]));
    }
  });
});
