import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { SKELETONS } from '../../supernets/index.js';
import { embeddedFashionSubsetDir } from '../../src/data/index.js';
import { readCheckpoint } from '../../src/checkpoint/index.js';
import { inheritWeights, loadRetrainedModel, resolveRetrainConfig, runRetrain, type RetrainConfig } from '../../src/retrain/index.js';
import { resolveSearchConfig, runSearch } from '../../src/search/index.js';
import { createRng } from '../../src/random/index.js';
import { canonicalString, parseGenotype, sampleGenotype } from '../../src/space/index.js';
import { FixedNetwork } from '../../src/supernet/index.js';
import { expectNasError } from '../helpers/expect-nas-error.js';
import { CHAIN_GENOTYPE } from '../helpers/standalone-genotypes.js';

const root = mkdtempSync(join(tmpdir(), 'nas-retrain-spaces-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `random:1` of a space, as the CLI draws it; 1 epoch of 2 steps on embedded Fashion-MNIST. */
function tinyConfig(space: string, size: { channels?: number; layers?: number }): RetrainConfig {
  const genotype = sampleGenotype(spaceByName(space), createRng('random-genotype/1'));
  return resolveRetrainConfig({
    genotype,
    source: 'random:1',
    ...size,
    epochs: 1,
    batchSize: 8,
    trainLimit: 16,
    testLimit: 8,
    seed: 2,
    dataDir: embeddedFashionSubsetDir(),
  });
}

describe.each([
  ['chain', {}],
  ['hierarchical', { channels: 4, layers: 1 }],
] as const)('retraining a %s genotype', (space, size) => {
  it('writes result.json with the stand-alone network its genotype builds, and reloads it', async () => {
    const config = tinyConfig(space, size);
    const out = join(root, space);
    const outcome = await runRetrain(config, { out });
    expect(outcome.stopped).toBe(false);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.genotype).toBe(canonicalString(config.genotype));
    expect(result.test_acc).toBeGreaterThanOrEqual(0);
    expect(result.test_acc).toBeLessThanOrEqual(1);
    const net = new FixedNetwork(spaceByName(space), { ...config.skeleton, inputChannels: 1, classes: 10 }, config.genotype);
    expect(result.params).toBe(net.network.parameterCount());
    expect(result.params_with_aux).toBe(result.params);
    net.dispose();
    expect(result.mult_adds).toBeGreaterThan(0);

    const model = await loadRetrainedModel(out);
    const images = tf.zeros([2, 28, 28, 1]) as tf.Tensor4D;
    const logits = model.forwardRaw(images);
    expect(logits.shape).toEqual([2, 10]);
    tf.dispose([images, logits]);
    model.net.dispose();
  });

  it('resumes exactly after an interruption mid-epoch', async () => {
    const config = tinyConfig(space, size);
    const out = join(root, `${space}-interrupted`);
    let steps = 0;
    expect((await runRetrain(config, { out, shouldStop: () => steps++ === 1 })).stopped).toBe(true);
    const resumed = await runRetrain(null, { out, resume: true });
    expect(resumed.result).toEqual({
      ...JSON.parse(readFileSync(join(root, space, 'result.json'), 'utf8')),
      seconds: resumed.result!.seconds,
    });
  });
});

describe('retraining config of the chain and hierarchical spaces', () => {
  const genotype = (space: string) => sampleGenotype(spaceByName(space), createRng('config'));

  it('uses the search skeletons, resizing the hierarchical one', () => {
    expect(resolveRetrainConfig({ genotype: genotype('chain'), source: 'x' }).skeleton).toEqual(SKELETONS.chain);
    expect(resolveRetrainConfig({ genotype: genotype('hierarchical'), source: 'x', channels: 8, layers: 2 }).skeleton).toEqual({
      ...SKELETONS.hierarchical,
      channels: 8,
      cellsPerStage: 2,
    });
  });

  it.each([
    [
      '--channels on a chain genotype',
      () => resolveRetrainConfig({ genotype: genotype('chain'), source: 'x', channels: 8 }),
      '--channels and --layers do not apply to the chain network',
    ],
    [
      'drop-path on a hierarchical genotype',
      () => resolveRetrainConfig({ genotype: genotype('hierarchical'), source: 'x', dropPath: 0.2 }),
      '--drop-path is for the DARTS and NB201 cell networks',
    ],
    [
      'an auxiliary head on a chain genotype',
      () => resolveRetrainConfig({ genotype: genotype('chain'), source: 'x', auxiliary: true }),
      '--auxiliary needs the DARTS network',
    ],
  ])('%s is a one-line error', async (_, resolve, message) => {
    await expectNasError(resolve, message);
  });
});

describe('--inherit from a chain or hierarchical search', () => {
  /** A 1-epoch SPOS search of the space on 16 embedded images. */
  async function search(space: string, size: { channels?: number; layers?: number }): Promise<string> {
    const out = join(root, `search-${space}`);
    await runSearch(
      resolveSearchConfig({
        strategy: 'spos',
        space,
        ...size,
        epochs: 1,
        batchSize: 8,
        trainLimit: 16,
        seed: 1,
        dataDir: embeddedFashionSubsetDir(),
      }),
      { out },
    );
    return out;
  }

  it("chain: a narrowed layer takes the leading slice of the supernet's channel-masked weights", async () => {
    const dir = await search('chain', {});
    const config = resolveRetrainConfig({ genotype: parseGenotype(spaceByName('chain'), CHAIN_GENOTYPE), source: 'x', inherit: dir });
    const net = new FixedNetwork(spaceByName('chain'), { ...config.skeleton, inputChannels: 1, classes: 10 }, config.genotype);
    try {
      // Everything but the layers' affine BatchNorm scales and shifts, which the search's BatchNorm lacks.
      const affine = net.network.namedParameters().filter(([n]) => n.startsWith('layers.') && /\.(gamma|beta)$/.test(n)).length;
      expect(affine).toBe(2 * 9); // 9 BatchNorms: three plain convs, three separable convs of two each
      const all = net.network.namedParameters().length + net.network.namedBuffers().length;
      expect(await inheritWeights(dir, config, net)).toBe(all - affine);
      const name = 'layers.0.conv_3x3.conv.weight'; // [3, 3, 64, 16] of the supernet's [3, 3, 64, 64]
      const saved = (await readCheckpoint(join(dir, 'checkpoint.nas'))).tensors.get(`weight.${name}`)!;
      const expected = tf.tidy(() => tf.slice(tf.tensor(saved.values, saved.shape), [0, 0, 0, 0], [3, 3, 64, 16]).arraySync());
      const mine = net.network.namedParameters().find(([n]) => n === name)![1];
      expect(mine.shape).toEqual([3, 3, 64, 16]);
      expect(mine.arraySync()).toEqual(expected);
    } finally {
      net.dispose();
    }
    const outcome = await runRetrain({ ...tinyConfig('chain', {}), inherit: dir }, { out: join(root, 'chain-inherited') });
    expect(outcome.result?.inherited).toBeGreaterThan(0);
  });

  it('hierarchical: inherits at the search size, says both sizes otherwise', async () => {
    const dir = await search('hierarchical', { channels: 4, layers: 1 });
    const outcome = await runRetrain(
      { ...tinyConfig('hierarchical', { channels: 4, layers: 1 }), inherit: dir },
      { out: join(root, 'hierarchical-inherited') },
    );
    expect(outcome.result?.inherited).toBeGreaterThan(0);
    await expectNasError(
      () =>
        runRetrain({ ...tinyConfig('hierarchical', { channels: 8, layers: 1 }), inherit: dir }, { out: join(root, 'hierarchical-wider') }),
      'the supernet is C=4, 1 cells per stage, the network to retrain C=8, 1 cells per stage',
    );
  });
});
