import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  BatchIterator,
  computeChannelStats,
  embeddedFashionSubsetDir,
  loadFashionMnist,
  type BatchIteratorOptions,
  type Dataset,
} from '../../src/data/index.js';
import { expectNasError } from '../helpers/expect-nas-error.js';
import { indexedDataset } from './fixtures.js';

const data = indexedDataset(50, 10, 2, 2, 3);

/** The labels of the next `n` batches (every tensor disposed). */
function labelsOf(batches: BatchIterator, n: number): number[][] {
  return Array.from({ length: n }, () => {
    const { x, y } = batches.next();
    const labels = Array.from(y.dataSync());
    tf.dispose([x, y]);
    return labels;
  });
}

/** The next `n` batches as plain arrays, images and labels (every tensor disposed). */
function contentsOf(batches: BatchIterator, n: number): { x: number[]; y: number[] }[] {
  return Array.from({ length: n }, () => {
    const { x, y } = batches.next();
    const contents = { x: Array.from(x.dataSync()), y: Array.from(y.dataSync()) };
    tf.dispose([x, y]);
    return contents;
  });
}

function iterator(options: Partial<BatchIteratorOptions> = {}, dataset: Dataset = indexedDataset(50, 50)): BatchIterator {
  return new BatchIterator(dataset, { batchSize: 8, seed: 3, ...options });
}

describe('BatchIterator', () => {
  it('serves float32 NHWC images and int32 labels, normalised with the given stats', () => {
    const batches = new BatchIterator(data, { batchSize: 4, seed: 1, shuffle: false, stats: { mean: [0, 0, 0], std: [1, 1, 1] } });
    const { x, y } = batches.next();
    expect([x.shape, x.dtype, y.shape, y.dtype]).toEqual([[4, 2, 2, 3], 'float32', [4], 'int32']);
    expect(Array.from(y.dataSync())).toEqual([0, 1, 2, 3]);
    const pixels = x.dataSync();
    for (let i = 0; i < 48; i++) expect(pixels[i]).toBeCloseTo(data.images[i]! / 255, 6);
    tf.dispose([x, y]);
  });

  it('covers every record once per epoch, the last batch smaller unless dropLast', () => {
    const batches = iterator();
    expect(batches.stepsPerEpoch).toBe(7);
    const epoch = labelsOf(batches, 7);
    expect(epoch.map((b) => b.length)).toEqual([8, 8, 8, 8, 8, 8, 2]);
    expect(epoch.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([batches.epoch, batches.step]).toEqual([1, 7]);
    const dropping = iterator({ dropLast: true });
    expect(dropping.stepsPerEpoch).toBe(6);
    expect(labelsOf(dropping, 7).map((b) => b.length)).toEqual([8, 8, 8, 8, 8, 8, 8]);
    expect(dropping.epoch).toBe(1);
  });

  it('the same seed gives the same batches; another seed or epoch reshuffles', () => {
    expect(contentsOf(iterator(), 9)).toEqual(contentsOf(iterator(), 9));
    const first = labelsOf(iterator(), 14);
    expect(labelsOf(iterator({ seed: 4 }), 7)).not.toEqual(first.slice(0, 7));
    expect(first.slice(7, 14)).not.toEqual(first.slice(0, 7));
    expect(
      first
        .slice(7, 14)
        .flat()
        .sort((a, b) => a - b),
    ).toEqual(
      first
        .slice(0, 7)
        .flat()
        .sort((a, b) => a - b),
    );
  });

  it('state() mid-epoch, restored into a fresh iterator, replays the exact remaining batches', () => {
    const batches = iterator();
    labelsOf(batches, 10);
    const state = JSON.parse(JSON.stringify(batches.state())) as ReturnType<BatchIterator['state']>;
    expect(state).toMatchObject({ epoch: 1, position: 24, step: 10 });
    const rest = contentsOf(batches, 12);
    const resumed = iterator();
    resumed.restore(state);
    expect(contentsOf(resumed, 12)).toEqual(rest);
    expect([resumed.epoch, resumed.step]).toEqual([batches.epoch, batches.step]);
  });

  it('refuses a state saved for other batching', async () => {
    const state = iterator().state();
    await expectNasError(() => iterator({ batchSize: 16 }).restore(state), 'state has batchSize 8, iterator has 16');
  });

  it('refuses a batch size that gives no batch', async () => {
    await expectNasError(() => iterator({ batchSize: 64, dropLast: true }), 'batch size 64 gives no batch');
    await expectNasError(() => iterator({ batchSize: 0 }), 'batch size must be a positive integer, got 0');
  });

  it('normalised batches of the real subset have mean ~0 and std ~1', async () => {
    const train = await loadFashionMnist(embeddedFashionSubsetDir()!, 'train');
    const batches = new BatchIterator(train, { batchSize: 500, seed: 0, stats: computeChannelStats(train) });
    const { x, y } = batches.next();
    const { mean, variance } = tf.moments(x);
    expect(mean.dataSync()[0]).toBeCloseTo(0, 1);
    expect(Math.sqrt(variance.dataSync()[0]!)).toBeCloseTo(1, 1);
    tf.dispose([x, y, mean, variance]);
  });
});
