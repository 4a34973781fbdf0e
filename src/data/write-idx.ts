import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { idxMagic, type IdxArray } from './read-idx.js';

/** The IDX bytes of a uint8 array: big-endian magic, dimensions, then the data. */
export function encodeIdx(array: IdxArray): Uint8Array {
  const count = array.dims.reduce((a, b) => a * b, 1);
  if (count !== array.data.length) {
    throw new Error(`encodeIdx: dims ${array.dims.join('x')} hold ${count} elements, data has ${array.data.length}`);
  }
  const header = 4 + 4 * array.dims.length;
  const out = new Uint8Array(header + count);
  const view = new DataView(out.buffer);
  view.setUint32(0, idxMagic(array.dims.length), false);
  array.dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(array.data, header);
  return out;
}

/**
 * Write a uint8 array as an IDX file, gzipped (level 9) when `file` ends in
 * `.gz`, as the MNIST files are distributed. Used to build the embedded
 * subset and the tests' fixtures with the same format the readers check.
 */
export async function writeIdx(file: string, array: IdxArray): Promise<void> {
  const bytes = encodeIdx(array);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, file.endsWith('.gz') ? gzipSync(bytes, { level: 9 }) : bytes);
}
