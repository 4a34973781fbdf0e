import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CIFAR10_FILES, CIFAR10_RECORD_BYTES, loadCifar10, parseCifar10Batch } from '../../src/data/index.js';
import { expectNasError } from '../helpers/expect-nas-error.js';
import { tempDir } from './fixtures.js';

let dir = '';
let cleanup: () => Promise<void> = async () => {};

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

/** `count` CIFAR records: label `(first + r) % 10`, channel c of pixel p = (first + r + 3p + c) & 255, stored CHW. */
function cifarBytes(count: number, first = 0): Uint8Array {
  const bytes = new Uint8Array(count * CIFAR10_RECORD_BYTES);
  for (let r = 0; r < count; r++) {
    const at = r * CIFAR10_RECORD_BYTES;
    bytes[at] = (first + r) % 10;
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < 1024; p++) bytes[at + 1 + c * 1024 + p] = (first + r + 3 * p + c) & 255;
    }
  }
  return bytes;
}

describe('CIFAR-10 binary files', () => {
  it('turns CHW records into HWC', () => {
    const { labels, images } = parseCifar10Batch(cifarBytes(2), 'b.bin');
    expect(Array.from(labels)).toEqual([0, 1]);
    for (const [r, p, c] of [
      [0, 0, 0],
      [0, 5, 2],
      [1, 1023, 1],
      [1, 77, 0],
    ] as const) {
      expect(images[r * 3072 + p * 3 + c]).toBe((r + 3 * p + c) & 255);
    }
  });

  it('loads the five training batches in order, and the test batch', async () => {
    for (const [k, name] of CIFAR10_FILES.train.entries()) await writeFile(join(dir, name), cifarBytes(3, 3 * k));
    await writeFile(join(dir, 'test_batch.bin'), cifarBytes(4));
    const train = await loadCifar10(dir, 'train');
    expect(train).toMatchObject({ name: 'cifar10/train', count: 15, height: 32, width: 32, channels: 3, classes: 10 });
    expect(Array.from(train.labels)).toEqual(Array.from({ length: 15 }, (_, i) => i % 10));
    expect(train.images[14 * 3072 + 2]).toBe((14 + 2) & 255);
    expect((await loadCifar10(dir, 'test')).count).toBe(4);
  });

  it('finds the batches in the archive folder cifar-10-batches-bin', async () => {
    await mkdir(join(dir, 'cifar-10-batches-bin'));
    await writeFile(join(dir, 'cifar-10-batches-bin', 'test_batch.bin'), cifarBytes(2));
    expect((await loadCifar10(dir, 'test')).count).toBe(2);
  });

  it('a size that is not a whole number of records is one line naming the file', async () => {
    const file = join(dir, 'test_batch.bin');
    await writeFile(file, cifarBytes(2).subarray(0, 2 * CIFAR10_RECORD_BYTES - 1));
    await expectNasError(() => loadCifar10(dir, 'test'), file, 'size 6145 bytes is not a multiple of 3073');
  });

  it('a label above 9 is one line naming the file and record', async () => {
    const bytes = cifarBytes(3);
    bytes[2 * CIFAR10_RECORD_BYTES] = 10;
    const file = join(dir, 'test_batch.bin');
    await writeFile(file, bytes);
    await expectNasError(() => loadCifar10(dir, 'test'), file, 'label 10 of record 2 is out of range 0..9');
  });

  it('a missing batch is one line naming it', async () => {
    await writeFile(join(dir, 'data_batch_1.bin'), cifarBytes(1));
    await expectNasError(() => loadCifar10(dir, 'train'), join(dir, 'data_batch_2.bin'), 'file not found');
  });
});
