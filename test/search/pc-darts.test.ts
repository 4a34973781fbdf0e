import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { DARTS_BENCH } from '../../supernets/index.js';
import { embeddedFashionSubsetDir } from '../../src/data/index.js';
import { Darts, createStrategy, resolveSearchConfig, runSearch } from '../../src/search/index.js';
import { readLog } from '../../src/runs/index.js';
import type { CellSpace } from '../../src/space/api.js';
import { channelShuffle } from '../../src/supernet/cell.js';
import { createSupernet } from '../../src/supernet/index.js';
import { expectNasErrorSync } from '../helpers/expect-nas-error.js';

const root = mkdtempSync(join(tmpdir(), 'nas-pc-darts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const darts = spaceByName('darts') as CellSpace;

describe('PC-DARTS partial channels', () => {
  it('channel shuffle interleaves the groups', () => {
    tf.tidy(() => {
      const x = tf.tensor4d([0, 1, 2, 3, 4, 5], [1, 1, 1, 6]);
      expect(Array.from(channelShuffle(x, 2).dataSync())).toEqual([0, 3, 1, 4, 2, 5]);
      expect(Array.from(channelShuffle(x, 3).dataSync())).toEqual([0, 2, 4, 1, 3, 5]);
    });
  });

  it('builds the cell ops at C/K channels and keeps the cell outputs full width', () => {
    const skeleton = { ...DARTS_BENCH, channels: 8, layers: 3 };
    const full = createSupernet(darts, skeleton, { seed: 0 });
    const partial = createSupernet(darts, skeleton, { seed: 0, partialChannels: 4 });
    expect(partial.parameterCount()).toBeLessThan(full.parameterCount() / 2);
    tf.tidy(() => {
      const x = tf.randomNormal([2, 12, 12, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
      expect(partial.forward(x, { kind: 'relaxed' }).shape).toEqual([2, 10]);
    });
    expectNasErrorSync(() => createSupernet(darts, skeleton, { partialChannels: 3 }), 'partial channels K=3', 'dividing');
    full.dispose();
    partial.dispose();
  });

  it('edge normalisation adds one parameter per edge, trained with the alphas', async () => {
    const net = createSupernet(darts, { ...DARTS_BENCH, channels: 4, layers: 2 }, { seed: 2, partialChannels: 2 });
    const strategy = new Darts({ edgeNormalization: true });
    strategy.setup(net, { epochs: 1, stepsPerEpoch: 1, seed: 'edges' });
    strategy.beginEpoch(0);
    const edges = strategy.slots().filter(([n]) => n.startsWith('edges.'));
    expect(edges.map(([n, v]) => [n, v.shape])).toEqual([
      ['edges.normal', [14]],
      ['edges.reduce', [14]],
    ]);
    const batch = (seed: number) =>
      tf.tidy(() => ({ x: tf.randomNormal([4, 12, 12, 1], 0, 1, 'float32', seed) as tf.Tensor4D, y: tf.tensor1d([0, 1, 2, 3], 'int32') }));
    const [train, val] = [batch(1), batch(2)];
    await strategy.step(train, val);
    expect(edges.some(([, v]) => Array.from(v.dataSync()).some((b) => b !== 0))).toBe(true);
    expect(() => new Darts({ edgeNormalization: true, order: 2 }).setup(net, { epochs: 1, stepsPerEpoch: 1, seed: 's' })).toThrow(
      /first-order DARTS only/,
    );
    tf.dispose([train.x, train.y, val.x, val.y]);
    strategy.dispose();
    net.dispose();
  });

  it('a --partial-channels search derives a genotype and resumes exactly', async () => {
    const config = resolveSearchConfig({
      channels: 4,
      layers: 2,
      epochs: 2,
      batchSize: 8,
      trainLimit: 64,
      seed: 9,
      partialChannels: 2,
      dataDir: embeddedFashionSubsetDir(),
    });
    const made = createStrategy(config) as Darts;
    expect(made.options.edgeNormalization).toBe(true);
    made.dispose();
    const full = await runSearch(config, { out: join(root, 'full') });
    let steps = 0;
    const out = join(root, 'stopped');
    await runSearch(config, { out, shouldStop: () => steps++ === 5 });
    const resumed = await runSearch(null, { out, resume: true });
    expect(resumed.canonical).toBe(full.canonical);
    expect(readLog(join(out, 'log.jsonl')).at(-1)!.alphas).toEqual(readLog(join(root, 'full', 'log.jsonl')).at(-1)!.alphas);
    expect(() => resolveSearchConfig({ strategy: 'spos', partialChannels: 2 })).toThrow(
      /--partial-channels is an option of the darts strategy/,
    );
  });
});
