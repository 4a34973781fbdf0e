import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../src/data/index.js';

/** A fresh temp directory and its cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'nas-data-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A synthetic data set whose record `i` has label `i % classes` and pixels
 * `[i & 255, i >> 8, ...]`, so a record's source index can be read back from
 * any copy of it.
 */
export function indexedDataset(count: number, classes = 10, height = 2, width = 2, channels = 1): Dataset {
  const size = height * width * channels;
  const images = new Uint8Array(count * size);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % classes;
    for (let p = 0; p < size; p++) images[i * size + p] = p === 0 ? i & 255 : p === 1 ? i >> 8 : (i * 7 + p) & 255;
  }
  return { name: 'synthetic', images, labels, count, height, width, channels, classes };
}

/** The source index of each record of a data set made from indexedDataset. */
export function sourceIndices(dataset: Dataset): number[] {
  const size = dataset.height * dataset.width * dataset.channels;
  return Array.from({ length: dataset.count }, (_, k) => dataset.images[k * size]! + 256 * dataset.images[k * size + 1]!);
}
