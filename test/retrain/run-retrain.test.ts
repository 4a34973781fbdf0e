import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { namedGenotype, spaceByName } from '../../cells/index.js';
import { embeddedFashionSubsetDir } from '../../src/data/index.js';
import { readCheckpoint } from '../../src/checkpoint/index.js';
import { resolveRetrainConfig, runRetrain, inheritWeights, loadRetrainedModel } from '../../src/retrain/index.js';
import { resolveSearchConfig, runSearch } from '../../src/search/index.js';
import { readLog } from '../../src/runs/index.js';
import { FixedNetwork } from '../../src/supernet/index.js';
import type { CellArchitecture, CellSpace } from '../../src/space/api.js';
import { main } from '../../src/cli/main.js';
import * as tf from '@tensorflow/tfjs';
import { directoryHandler } from '../../src/export/index.js';

const root = mkdtempSync(join(tmpdir(), 'nas-retrain-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// DARTS_V2, C=4, 3 cells, on 48 embedded Fashion-MNIST images: 2 epochs of 3 steps.
const config = resolveRetrainConfig({
  genotype: namedGenotype('DARTS_V2'),
  source: 'DARTS_V2',
  channels: 4,
  layers: 3,
  epochs: 2,
  batchSize: 16,
  trainLimit: 48,
  testLimit: 40,
  seed: 3,
  dataDir: embeddedFashionSubsetDir(),
});

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['node', 'nas', ...args],
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('runRetrain', () => {
  it('writes a complete run directory with the test accuracy', async () => {
    const out = join(root, 'full');
    const outcome = await runRetrain(config, { out });
    expect(outcome.stopped).toBe(false);
    expect(readdirSync(out).sort()).toEqual(['checkpoint.nas', 'config.json', 'genotype.json', 'log.jsonl', 'result.json']);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.test_acc).toBeGreaterThanOrEqual(0);
    expect(result.test_acc).toBeLessThanOrEqual(1);
    expect(result.params).toBeLessThan(result.params_with_aux);
    const log = readLog(join(out, 'log.jsonl')) as unknown as { epoch: number; drop_path: number; test_acc: number }[];
    expect(log.map((r) => r.epoch)).toEqual([0, 1]);
    // Drop-path grows linearly from 0 to 0.2 over the epochs.
    expect(log.map((r) => r.drop_path)).toEqual([0, 0.1]);
    expect(log.at(-1)!.test_acc).toBe(result.test_acc);
  });

  it('resumes exactly after an interruption mid-epoch', async () => {
    const out = join(root, 'interrupted');
    let steps = 0;
    const stopped = await runRetrain(config, { out, shouldStop: () => steps++ === 4 });
    expect(stopped.stopped).toBe(true);
    expect(existsSync(join(out, 'result.json'))).toBe(false);
    const resumed = await runRetrain(null, { out, resume: true });
    expect(resumed.result).toEqual({
      ...JSON.parse(readFileSync(join(root, 'full', 'result.json'), 'utf8')),
      seconds: resumed.result!.seconds,
    });
    const a = await readCheckpoint(join(root, 'full', 'checkpoint.nas'));
    const b = await readCheckpoint(join(out, 'checkpoint.nas'));
    for (const [name, t] of a.tensors) expect(Array.from(b.tensors.get(name)!.values), name).toEqual(Array.from(t.values));
  });

  it('checkpoints mid-epoch on a clock, so a run that dies without warning resumes exactly from its last checkpoint', async () => {
    const out = join(root, 'crashed');
    let steps = 0;
    const crash = runRetrain(config, {
      out,
      checkpointMinutes: 1e-9, // due before every step
      onStep: () => {
        if (++steps === 3) throw new Error('killed');
      },
    });
    await expect(crash).rejects.toThrow('killed');
    const meta = (await readCheckpoint(join(out, 'checkpoint.nas'))).meta as { epoch: number; step: number };
    expect(meta).toMatchObject({ epoch: 0, step: 2 }); // written before the 3rd step, mid-epoch: no stop asked for it
    const resumed = await runRetrain(null, { out, resume: true });
    expect(resumed.result).toEqual({
      ...JSON.parse(readFileSync(join(root, 'full', 'result.json'), 'utf8')),
      seconds: resumed.result!.seconds,
    });
    await expect(runRetrain(config, { out: join(root, 'bad-clock'), checkpointMinutes: -1 })).rejects.toThrow(
      '--checkpoint-minutes must be a number >= 0, got -1',
    );
    expect(existsSync(join(root, 'bad-clock'))).toBe(false);
  });

  it("inherits the weights of a search run's supernet", async () => {
    const search = join(root, 'search');
    await runSearch(
      resolveSearchConfig({
        channels: 4,
        layers: 3,
        epochs: 1,
        batchSize: 8,
        trainLimit: 16,
        seed: 1,
        dataDir: embeddedFashionSubsetDir(),
      }),
      { out: search },
    );
    const request = resolveRetrainConfig({
      ...config,
      genotype: namedGenotype('DARTS_V2'),
      source: 'DARTS_V2',
      channels: 4,
      layers: 3,
      inherit: search,
    });
    // runRetrain fits the skeleton to the data (1 channel, 10 classes) before inheriting.
    const inheriting = { ...request, skeleton: { ...request.skeleton, inputChannels: 1, classes: 10 } };
    const net = new FixedNetwork(spaceByName('darts') as CellSpace, inheriting.skeleton, namedGenotype('DARTS_V2') as CellArchitecture, {});
    const copied = await inheritWeights(search, inheriting, net);
    expect(copied).toBeGreaterThan(20);
    const saved = await readCheckpoint(join(search, 'checkpoint.nas'));
    const name = 'cells.0.edges.0.sep_conv_3x3.0.dw.weight';
    const mine = net.network.namedParameters().find(([n]) => n === name);
    expect(mine, name).toBeDefined();
    expect(Array.from(mine![1].dataSync())).toEqual(Array.from(saved.tensors.get(`weight.${name}`)!.values));
    net.dispose();
    const wider = { ...inheriting.skeleton, channels: 8 } as typeof inheriting.skeleton;
    await expect(inheritWeights(search, { ...inheriting, skeleton: wider }, net)).rejects.toThrow(/C=4, 3 cells.*C=8, 3 cells/);
  });
});

describe('nas export', () => {
  it('saves a retrained run as a graph model that predicts the same logits from raw pixels', async () => {
    const runDir = join(root, 'full');
    const dir = join(root, 'exported');
    expect((await run('export', runDir, '--out', dir)).code).toBe(0);
    const model = await loadRetrainedModel(runDir);
    const graph = await tf.loadGraphModel(directoryHandler(dir));
    try {
      const [error, scale] = tf.tidy(() => {
        const x = tf.randomUniform([3, 28, 28, 1], 0, 255, 'float32', 4) as tf.Tensor4D;
        const expected = model.forwardRaw(x);
        const actual = graph.predict(x) as tf.Tensor;
        return [tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0]!, tf.max(tf.abs(expected)).dataSync()[0]!];
      });
      expect(error / scale).toBeLessThan(1e-4);
    } finally {
      graph.dispose();
      model.net.dispose();
    }
    // An existing model directory is never overwritten.
    const again = await run('export', runDir, '--out', dir);
    expect(again.code).toBe(2);
    expect(again.err.split('\n')).toHaveLength(1);
    expect((await run('export', join(root, 'nothing'))).err).toMatch(/checkpoint/);
  });
});

describe('nas retrain', () => {
  it('retrains a published genotype from the command line', async () => {
    const out = join(root, 'cli');
    const r = await run(
      'retrain',
      'DARTS_V1',
      '--data-dir',
      'embedded',
      '--channels',
      '4',
      '--layers',
      '2',
      '--epochs',
      '1',
      '--batch-size',
      '16',
      '--train-limit',
      '32',
      '--test-limit',
      '20',
      '--no-auxiliary',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^test accuracy \d+\.\d\d% \(loss \d/m);
    const written = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(written.config.auxiliary).toBe(false);
  });

  it('scores on images held out of the training split with --holdout, never the test split', async () => {
    const out = join(root, 'cli-holdout');
    const r = await run(
      'retrain',
      'DARTS_V1',
      '--data-dir',
      'embedded',
      '--channels',
      '4',
      '--layers',
      '2',
      '--epochs',
      '1',
      '--batch-size',
      '16',
      '--train-limit',
      '32',
      '--holdout',
      '24',
      '--no-auxiliary',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^held-out accuracy \d+\.\d\d% \(loss \d/m);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.evaluated_on).toBe('holdout');
    // 24 held-out images: the accuracy is a whole number of them.
    expect(Math.abs(result.test_acc * 24 - Math.round(result.test_acc * 24))).toBeLessThan(1e-9);
    // Holding out every training image is one line (after the line saying where it would train).
    const all = await run('retrain', 'DARTS_V2', '--data-dir', 'embedded', '--holdout', '999999', '--out', join(root, 'cli-holdout-all'));
    expect(all.code).toBe(2);
    expect(all.err.split('\n').filter((l) => l.startsWith('nas:'))).toEqual([
      expect.stringMatching(/--holdout 999999 leaves no training images \(the fashion-mnist training split has \d+\)/),
    ]);
  });

  it.each([
    [['retrain', 'normal=|sep_conv_3x3~0|'], /genotype.cells.normal.nodes: 1 node, the darts space has 4/],
    [
      ['retrain', 'DARTS_V9'],
      /genotype 'DARTS_V9' is not a file, a run directory, an architecture string, random\[:SEED\] or a published name \(known: DARTS_V1, DARTS_V2\)/,
    ],
    [['retrain', '/nonexistent/genotype.json'], /genotype '\/nonexistent\/genotype.json' is not a file/],
    [['retrain'], /needs a genotype/],
    [['retrain', 'DARTS_V2', '--epochs', '0'], /--epochs must be a positive integer, got 0/],
    [['retrain', 'DARTS_V2', '--drop-path', '1.5'], /--drop-path must be in \[0, 1\), got 1.5/],
    [['retrain', 'DARTS_V2', '--checkpoint-minutes=-1'], /--checkpoint-minutes must be a number >= 0, got -1/],
  ])('rejects bad input in one line: %j', async (args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.split('\n')).toHaveLength(1);
  });

  it('names the field of a genotype that does not fit its space', async () => {
    const file = join(root, 'bad-genotype.json');
    const g = JSON.parse(JSON.stringify(namedGenotype('DARTS_V2')));
    g.cells.normal.nodes[0][0].op = 'conv_9x9';
    writeFileSync(file, JSON.stringify(g));
    const r = await run('retrain', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/conv_9x9/);
    expect(r.err.split('\n')).toHaveLength(1);
  });
});
