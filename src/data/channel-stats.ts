import type { ChannelStats, Dataset, DatasetName } from './api.js';

/**
 * Per-channel mean and (population) standard deviation of a data set's pixels
 * scaled to [0, 1], in float64. Compute them on the training data only, then
 * normalise every split with them.
 */
export function computeChannelStats(dataset: Dataset): ChannelStats {
  const c = dataset.channels;
  const sum = new Float64Array(c);
  const sumSq = new Float64Array(c);
  const { images } = dataset;
  for (let i = 0; i < images.length; i++) {
    const v = images[i]! / 255;
    sum[i % c]! += v;
    sumSq[i % c]! += v * v;
  }
  const n = images.length / c;
  const mean = Array.from(sum, (s) => s / Math.max(n, 1));
  const std = mean.map((m, k) => Math.sqrt(Math.max(sumSq[k]! / Math.max(n, 1) - m * m, 0)));
  return { mean, std };
}

/**
 * Published statistics of the full training sets, so a run on a subset
 * normalises as a run on the whole set does. Fashion-MNIST's are checked
 * against the data in the tests; MNIST's are PyTorch's examples' values;
 * CIFAR-10's are DARTS's `utils.py` values.
 */
export const KNOWN_CHANNEL_STATS = {
  'fashion-mnist': { mean: [0.286], std: [0.353] },
  mnist: { mean: [0.1307], std: [0.3081] },
  cifar10: { mean: [0.49139968, 0.48215827, 0.44653124], std: [0.24703233, 0.24348505, 0.26158768] },
} as const satisfies Record<DatasetName, ChannelStats>;
