import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FASHION_MNIST_SYSTEM_DIR,
  computeChannelStats,
  embeddedFashionSubsetDir,
  KNOWN_CHANNEL_STATS,
  loadDataset,
  loadFashionMnist,
  resolveDataDir,
} from '../../src/data/index.js';
import { packageRoot } from '../../src/package-root.js';
import { expectNasError } from '../helpers/expect-nas-error.js';

const hasSystemFashion = existsSync(FASHION_MNIST_SYSTEM_DIR);

function classCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label]! += 1;
  return counts;
}

describe('data location', () => {
  it('the flag wins', () => {
    expect(resolveDataDir('mnist', 'some/dir')).toBe(resolve('some/dir'));
  });

  it('fashion-mnist: the Debian package when installed, else the embedded subset', () => {
    expect(resolveDataDir('fashion-mnist')).toBe(hasSystemFashion ? FASHION_MNIST_SYSTEM_DIR : embeddedFashionSubsetDir());
  });

  it('the embedded subset sits at the package root, found from src/ as from dist/', () => {
    expect(packageRoot()).toBe(resolve(import.meta.dirname, '../..'));
    expect(embeddedFashionSubsetDir()).toBe(join(packageRoot()!, 'data', 'fashion-mnist-subset'));
  });

  it.each([
    ['mnist', 'pass --data-dir DIR holding the MNIST IDX files'],
    ['cifar10', 'pass --data-dir DIR holding the CIFAR-10 binary version'],
  ])('%s without a flag is one line saying what to pass', async (name, hint) => {
    await expectNasError(() => resolveDataDir(name), `no data directory for ${name}`, hint);
  });

  it('an unknown data set lists the known ones', async () => {
    await expectNasError(() => loadDataset('imagenet', 'train'), "unknown dataset 'imagenet' (known: fashion-mnist, mnist, cifar10)");
  });
});

describe('embedded Fashion-MNIST subset', () => {
  it.each([
    ['train', 1000],
    ['test', 500],
  ] as const)('%s loads %i class-balanced images', async (split, count) => {
    const data = await loadFashionMnist(embeddedFashionSubsetDir()!, split);
    expect(data).toMatchObject({ count, height: 28, width: 28, channels: 1, classes: 10 });
    expect(data.images.length).toBe(count * 784);
    expect(classCounts(data.labels)).toEqual(new Array(10).fill(count / 10));
  });
});

describe.skipIf(!hasSystemFashion)('full Fashion-MNIST (Debian dataset-fashion-mnist)', () => {
  it('loads 60000 + 10000 28x28x1 images whose statistics are the published ones', async () => {
    const train = await loadDataset('fashion-mnist', 'train');
    expect(train).toMatchObject({ name: 'fashion-mnist/train', count: 60000, height: 28, width: 28, channels: 1, classes: 10 });
    expect(classCounts(train.labels)).toEqual(new Array(10).fill(6000));
    const stats = computeChannelStats(train);
    expect(stats.mean[0]).toBeCloseTo(KNOWN_CHANNEL_STATS['fashion-mnist'].mean[0], 4);
    expect(stats.std[0]).toBeCloseTo(KNOWN_CHANNEL_STATS['fashion-mnist'].std[0], 4);
    const test = await loadDataset('fashion-mnist', 'test');
    expect(test).toMatchObject({ count: 10000, height: 28, width: 28, channels: 1 });
  });
});
