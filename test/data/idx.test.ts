import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeIdx, isGzip, loadMnist, parseIdx, readDataFile, writeIdx } from '../../src/data/index.js';
import { expectNasError } from '../helpers/expect-nas-error.js';
import { tempDir } from './fixtures.js';

let dir = '';
let cleanup: () => Promise<void> = async () => {};

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

/** Write a small MNIST-format split: `count` 3x2 images with pixel = record + position, label = record % 10. */
async function writeSplit(count: number, ext: '' | '.gz', labelCount = count): Promise<Uint8Array> {
  const images = Uint8Array.from({ length: count * 6 }, (_, i) => (Math.floor(i / 6) * 6 + (i % 6)) & 255);
  await writeIdx(join(dir, `train-images-idx3-ubyte${ext}`), { dims: [count, 3, 2], data: images });
  const labels = Uint8Array.from({ length: labelCount }, (_, i) => i % 10);
  await writeIdx(join(dir, `train-labels-idx1-ubyte${ext}`), { dims: [labelCount], data: labels });
  return images;
}

describe('IDX files', () => {
  it.each(['', '.gz'] as const)('round-trips a split written as %s', async (ext) => {
    const images = await writeSplit(12, ext);
    const raw = await readFile(join(dir, `train-images-idx3-ubyte${ext}`));
    expect(isGzip(raw)).toBe(ext === '.gz');
    const data = await loadMnist(dir, 'train');
    expect(data).toMatchObject({ name: 'mnist/train', count: 12, height: 3, width: 2, channels: 1, classes: 10 });
    expect(data.images).toEqual(images);
    expect(Array.from(data.labels)).toEqual(Array.from({ length: 12 }, (_, i) => i % 10));
  });

  it('writes the big-endian header the format defines', () => {
    const bytes = encodeIdx({ dims: [2, 1, 3], data: new Uint8Array(6) });
    expect(Array.from(bytes.subarray(0, 16))).toEqual([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3]);
    expect(parseIdx(bytes, 3, 'x').dims).toEqual([2, 1, 3]);
  });

  it('detects gzip by content, not by name', async () => {
    const file = join(dir, 'labels.raw');
    await writeIdx(join(dir, 'labels.gz'), { dims: [3], data: Uint8Array.of(1, 2, 3) });
    await writeFile(file, await readFile(join(dir, 'labels.gz')));
    expect(parseIdx(await readDataFile(file), 1, file).data).toEqual(Uint8Array.of(1, 2, 3));
  });
});

describe('IDX errors are one line naming the file', () => {
  it('missing file', async () => {
    await expectNasError(() => loadMnist(dir, 'test'), join(dir, 't10k-images-idx3-ubyte'), 'file not found');
  });

  it('bad magic number, expected vs got in hex', async () => {
    await writeSplit(4, '');
    await writeIdx(join(dir, 'train-images-idx3-ubyte'), { dims: [4], data: new Uint8Array(4) });
    await expectNasError(
      () => loadMnist(dir, 'train'),
      join(dir, 'train-images-idx3-ubyte'),
      'bad IDX magic number: expected 0x00000803',
      'got 0x00000801',
    );
  });

  it('truncated data', async () => {
    await writeSplit(4, '');
    const file = join(dir, 'train-images-idx3-ubyte');
    await writeFile(file, (await readFile(file)).subarray(0, 16 + 20));
    await expectNasError(() => loadMnist(dir, 'train'), file, 'truncated file: expected 24 bytes of data, got 20');
  });

  it('truncated header', async () => {
    const file = join(dir, 'x');
    await expectNasError(() => parseIdx(Uint8Array.of(0, 0, 8, 3, 0, 0), 3, file), 'x: truncated IDX header: expected 16 bytes, got 6');
  });

  it('label and image counts that differ', async () => {
    await writeSplit(5, '.gz', 4);
    await expectNasError(
      () => loadMnist(dir, 'train'),
      `${join(dir, 'train-images-idx3-ubyte.gz')} has 5 images but ${join(dir, 'train-labels-idx1-ubyte.gz')} has 4 labels`,
    );
  });

  it('a label outside the classes', async () => {
    await writeSplit(3, '');
    await writeIdx(join(dir, 'train-labels-idx1-ubyte'), { dims: [3], data: Uint8Array.of(0, 10, 1) });
    await expectNasError(() => loadMnist(dir, 'train'), 'label 10 of record 1 is out of range 0..9');
  });

  it.each([
    ['cut short', (gz: Buffer) => gz.subarray(0, gz.length - 30)],
    ['garbled', (gz: Buffer) => Buffer.concat([gz.subarray(0, 12), Buffer.alloc(40, 0xff), gz.subarray(52)])],
  ])('corrupt gzip (%s)', async (_, corrupt) => {
    await writeSplit(8, '.gz');
    const file = join(dir, 'train-images-idx3-ubyte.gz');
    await writeFile(file, corrupt(await readFile(file)));
    await expectNasError(() => loadMnist(dir, 'train'), file, 'corrupt gzip data');
  });
});
