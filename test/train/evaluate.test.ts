import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { DARTS_BENCH } from '../../supernets/index.js';
import { createRng } from '../../src/random/index.js';
import { sampleGenotype } from '../../src/space/index.js';
import type { CellSpace } from '../../src/space/api.js';
import { createSupernet } from '../../src/supernet/index.js';
import { evaluateBatches } from '../../src/train/evaluate.js';

const darts = spaceByName('darts') as CellSpace;

describe('evaluateBatches', () => {
  it('scores with batch, re-calibrated or running BatchNorm statistics, and never changes the model', () => {
    const net = createSupernet(darts, { ...DARTS_BENCH, channels: 4, layers: 2 }, { seed: 3 });
    const mode = { kind: 'fixed' as const, genotype: sampleGenotype(darts, createRng('evaluate')) };
    const forward = (x: tf.Tensor4D, training: boolean) => net.forward(x, mode, training);
    const batches = [0, 1].map((i) =>
      tf.tidy(() => ({
        x: tf.randomNormal([8, 12, 12, 1], 2, 3, 'float32', 5 + i) as tf.Tensor4D,
        y: tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'),
      })),
    );
    const buffers = net.weightBuffers();
    const stats = () => buffers.map((b) => Array.from(b.dataSync()));
    const setStats = (big: number) => tf.tidy(() => buffers.forEach((b, i) => b.assign(tf.fill(b.shape, i % 2 === 0 ? big : 0.01))));
    try {
      const before = stats();
      const scores = (batchNorm: 'batch' | 'recalibrated' | 'running') =>
        evaluateBatches(forward, batches, { batchNorm, recalibration: batches, buffers });
      const [batch, recalibrated, running] = [scores('batch'), scores('recalibrated'), scores('running')];
      expect(stats()).toEqual(before);
      expect(batch.count).toBe(16);
      for (const e of [batch, recalibrated, running]) expect(e.accuracy >= 0 && e.accuracy <= 1 && Number.isFinite(e.loss)).toBe(true);
      // Running statistics that say nothing of the data: batch and re-calibrated scores do not see them, running ones do.
      setStats(50);
      expect(scores('batch')).toEqual(batch);
      expect(scores('recalibrated').loss).toBeCloseTo(recalibrated.loss, 4);
      expect(scores('running').loss).not.toBeCloseTo(running.loss, 2);
      expect(stats()[0]!.every((v) => v === 50)).toBe(true);
    } finally {
      tf.dispose(batches.flatMap((b) => [b.x, b.y]));
      net.dispose();
    }
  });
});
