import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { inheritFromParent, morphismByName } from '../../src/morph/index.js';
import { loadRetrainedModel, resolveRetrainConfig, runRetrain } from '../../src/retrain/index.js';
import { parseGenotype } from '../../src/space/index.js';
import { FixedNetwork } from '../../src/supernet/index.js';
import { expectNasError } from '../helpers/expect-nas-error.js';

const root = mkdtempSync(join(tmpdir(), 'nas-inherit-parent-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const NB201 = spaceByName('nb201');
const parentGenotype = parseGenotype(NB201, '|nor_conv_1x1~0|+|none~0|none~1|+|nor_conv_3x3~0|skip_connect~1|none~2|');

describe("a morphed child starts from its parent's retraining run", () => {
  it("computes the parent's trained function before any training of its own", async () => {
    const parentDir = join(root, 'parent');
    const request = { epochs: 1, channels: 4, layers: 1, batchSize: 8, trainLimit: 16, holdout: 8, dataDir: 'embedded' } as const;
    const outcome = await runRetrain(resolveRetrainConfig({ ...request, genotype: parentGenotype, source: 'test' }), { out: parentDir });
    expect(outcome.stopped).toBe(false);
    const parent = await loadRetrainedModel(parentDir);
    const step = { morphism: 'replace-op', site: { from: 0, to: 1 } };
    const childGenotype = morphismByName(step.morphism).childGenotype(NB201, parentGenotype, step.site);
    const child = new FixedNetwork(NB201, parent.config.skeleton, childGenotype, { seed: 5, affine: true });
    const x = tf.randomNormal([3, ...parent.inputShape], 0, 1, 'float32', 1) as tf.Tensor4D;
    try {
      expect(await inheritFromParent(parentDir, step, child, 5)).toBe(
        child.network.namedParameters().length + child.network.namedBuffers().length,
      );
      const gap = tf.tidy(() => tf.max(tf.abs(tf.sub(parent.net.forward(x, false), child.forward(x, false)))).dataSync()[0]!);
      expect(gap).toBeLessThan(1e-5);
    } finally {
      x.dispose();
      child.dispose();
      parent.net.dispose();
    }
  });

  it('a missing parent run is a one-line error naming it', async () => {
    const child = new FixedNetwork(NB201, { kind: 'nb201', channels: 4, cellsPerStage: 1, inputChannels: 1, classes: 10 }, parentGenotype);
    try {
      await expectNasError(
        () => inheritFromParent(join(root, 'nowhere'), { morphism: 'replace-op', site: { from: 0, to: 1 } }, child, 0),
        'cannot inherit from the parent run',
      );
    } finally {
      child.dispose();
    }
  });
});
