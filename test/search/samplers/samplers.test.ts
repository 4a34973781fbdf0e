import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../../cells/index.js';
import { DARTS_BENCH } from '../../../supernets/index.js';
import { embeddedFashionSubsetDir } from '../../../src/data/index.js';
import { createRng } from '../../../src/random/index.js';
import { PathDropout, Spos, dropPathMask, nodePaths, resolveSearchConfig, runSearch, scoreOnBatches } from '../../../src/search/index.js';
import { readLog } from '../../../src/runs/index.js';
import { sampleGenotype, supernetEdges } from '../../../src/space/index.js';
import type { CellSpace } from '../../../src/space/api.js';
import { createSupernet } from '../../../src/supernet/index.js';

const root = mkdtempSync(join(tmpdir(), 'nas-samplers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const darts = spaceByName('darts') as CellSpace;

describe('path dropout masks', () => {
  const group = { name: 'normal', rows: 14, options: darts.ops };
  const edges = supernetEdges(darts);
  const nodes = nodePaths(group, (row) => edges[row]!.to);

  it('groups the non-none ops of the edges into each node', () => {
    // DARTS: nodes 2..5 have 2, 3, 4, 5 incoming edges, 7 ops each besides none.
    expect(nodes.map((p) => p.length)).toEqual([14, 21, 28, 35]);
  });

  it('keeps each path with probability 1 - r^(1/k), plus the forced keep when a node lost all', () => {
    const r = 0.3;
    const rng = createRng('masks');
    const draws = 4000;
    const kept = nodes.map(() => 0);
    for (let d = 0; d < draws; d++) {
      const mask = dropPathMask(group, nodes, r, rng);
      nodes.forEach((paths, n) => {
        const on = paths.filter(({ row, option }) => mask[row]![option]).length;
        expect(on).toBeGreaterThan(0);
        kept[n]! += on;
      });
      expect(mask.every((row) => row[0] === false)).toBe(true); // 'none' is never a path
    }
    nodes.forEach((paths, n) => {
      const k = paths.length;
      const expected = k * (1 - r ** (1 / k)) + r; // kept paths per draw, the forced one included
      const sd = Math.sqrt((k * r ** (1 / k) * (1 - r ** (1 / k))) / draws);
      expect(Math.abs(kept[n]! / draws - expected)).toBeLessThan(5 * sd + 0.01);
    });
  });

  it('drops nothing at r = 0', () => {
    const mask = dropPathMask(group, nodes, 0, createRng('zero'));
    expect(mask.flat().filter(Boolean).length).toBe(14 * 7);
  });

  it('rises linearly from 0 to the final rate over the run', () => {
    const net = createSupernet(darts, { ...DARTS_BENCH, channels: 2, layers: 1 }, { seed: 0 });
    const pd = new PathDropout({ dropRate: 0.4 });
    pd.setup(net, { epochs: 2, stepsPerEpoch: 5, seed: 's' });
    expect([0, 5, 10].map((s) => pd.rate(s))).toEqual([0, 0.2, 0.4]);
    pd.dispose();
    net.dispose();
  });
});

describe('SPOS', () => {
  it("moves only the weights of the sampled architecture's ops", async () => {
    const net = createSupernet(darts, { ...DARTS_BENCH, channels: 4, layers: 2 }, { seed: 1 });
    const spos = new Spos();
    spos.setup(net, { epochs: 1, stepsPerEpoch: 1, seed: 'one-step' });
    spos.beginEpoch(0);
    const before = net.weightVariables().map((v) => Array.from(v.dataSync()));
    const batch = (seed: number) =>
      tf.tidy(() => ({
        x: tf.randomNormal([8, 12, 12, 1], 0, 1, 'float32', seed) as tf.Tensor4D,
        y: tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'),
      }));
    const [train, val] = [batch(1), batch(2)];
    await spos.step(train, val);
    const moved = net.weightVariables().filter((v, i) => Array.from(v.dataSync()).some((x, j) => x !== before[i]![j]));
    // A DARTS cell genotype uses 8 of 14 edges, one op each: most op weights stay put.
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.length).toBeLessThan(net.weightVariables().length / 2);
    tf.dispose([train.x, train.y, val.x, val.y]);
    spos.dispose();
    net.dispose();
  });
});

describe('scoring a sub-network on the shared weights', () => {
  it("uses each batch's own BatchNorm statistics and leaves the running ones as they were", async () => {
    const net = createSupernet(darts, { ...DARTS_BENCH, channels: 4, layers: 2 }, { seed: 3 });
    const genotype = { kind: 'fixed' as const, genotype: sampleGenotype(darts, createRng('score')) };
    const batch = tf.tidy(() => ({
      x: tf.randomNormal([8, 12, 12, 1], 2, 3, 'float32', 5) as tf.Tensor4D,
      y: tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'),
    }));
    const stats = () => net.weightBuffers().map((b) => Array.from(b.dataSync()));
    const before = stats();
    const first = await scoreOnBatches(net, genotype, [batch]);
    expect(stats()).toEqual(before);
    // Running statistics that say nothing of the data change no score: the batch's own are used.
    tf.tidy(() => net.weightBuffers().forEach((b, i) => b.assign(tf.fill(b.shape, i % 2 === 0 ? 50 : 0.01))));
    expect(await scoreOnBatches(net, genotype, [batch])).toEqual(first);
    tf.dispose([batch.x, batch.y]);
    net.dispose();
  });
});

describe.each(['spos', 'pathdrop', 'gdas', 'enas', 'fair'])('nas search %s', (strategy) => {
  const config = resolveSearchConfig({
    strategy,
    channels: 4,
    layers: 2,
    epochs: 2,
    batchSize: 8,
    trainLimit: 64,
    seed: 5,
    ...(strategy === 'gdas' ? {} : { candidates: 4 }),
    dataDir: embeddedFashionSubsetDir(),
  });

  it('derives a genotype and resumes exactly after an interruption', async () => {
    const full = await runSearch(config, { out: join(root, `${strategy}-full`) });
    let steps = 0;
    const out = join(root, `${strategy}-stopped`);
    expect((await runSearch(config, { out, shouldStop: () => steps++ === 5 })).stopped).toBe(true);
    const resumed = await runSearch(null, { out, resume: true });
    expect(resumed.canonical).toBe(full.canonical);
    expect(readLog(join(out, 'log.jsonl')).map((r) => r.train_loss)).toEqual(
      readLog(join(root, `${strategy}-full`, 'log.jsonl')).map((r) => r.train_loss),
    );
    // Samplers learn no architecture parameters and log none; GDAS logs its alphas.
    expect(Object.keys(readLog(join(out, 'log.jsonl'))[0]!.alphas)).toEqual(strategy === 'gdas' ? ['normal', 'reduce'] : []);
    // Single-path strategies count the ops each step trained, across a resume too.
    const last = readLog(join(out, 'log.jsonl')).at(-1)!;
    expect(last.sampled).toEqual(readLog(join(root, `${strategy}-full`, 'log.jsonl')).at(-1)!.sampled);
    if (strategy === 'gdas') return expect(last.sampled).toBeUndefined();
    const steps_ = 2 * 4; // 2 epochs of 32 weight-split images, batch 8
    for (const group of ['normal', 'reduce']) {
      const counts = last.sampled![group]!;
      expect(counts).toHaveLength(14);
      // FairNAS's strict fairness: every op of every edge, 'none' included, once per step.
      if (strategy === 'fair') {
        expect(counts.flat().every((c) => c === steps_)).toBe(true);
        continue;
      }
      expect(counts.every((row) => row[0] === 0)).toBe(true); // 'none' never runs
      const total = counts.flat().reduce((a, b) => a + b, 0);
      // A DARTS cell keeps 8 of its 14 edges, one op each; path dropout keeps at least one path per node.
      if (strategy === 'pathdrop') expect(total).toBeGreaterThanOrEqual(4 * steps_);
      else expect(total).toBe(8 * steps_);
    }
  });
});
