import { NasError } from '../errors.js';

/** IDX element type 0x08: unsigned byte, the only one MNIST-style files use. */
const UINT8 = 0x08;

/** An IDX array: its dimensions and its uint8 elements in row-major order. */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

/** The IDX magic number of a uint8 array of `rank` dimensions (0x00000801 labels, 0x00000803 images). */
export function idxMagic(rank: number): number {
  return (UINT8 << 8) | rank;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/**
 * Parse an IDX file's (decompressed) bytes, checking the magic number for a
 * uint8 array of `rank` dimensions and that the data is exactly the size the
 * header promises. Format (big-endian): magic, one uint32 per dimension, data.
 * `file` only names the file in errors.
 */
export function parseIdx(bytes: Uint8Array, rank: number, file: string): IdxArray {
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < 4) {
    throw new NasError(`${file}: truncated IDX header: expected ${headerBytes} bytes, got ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const expected = idxMagic(rank);
  if (magic !== expected) {
    const what = rank === 1 ? 'uint8 labels' : rank === 3 ? 'uint8 images' : `uint8, ${rank} dims`;
    throw new NasError(`${file}: bad IDX magic number: expected ${hex(expected)} (${what}), got ${hex(magic)}`);
  }
  if (bytes.length < headerBytes) {
    throw new NasError(`${file}: truncated IDX header: expected ${headerBytes} bytes, got ${bytes.length}`);
  }
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const dataBytes = dims.reduce((a, b) => a * b, 1);
  const got = bytes.length - headerBytes;
  if (got < dataBytes) {
    throw new NasError(`${file}: truncated file: expected ${dataBytes} bytes of data, got ${got}`);
  }
  if (got > dataBytes) {
    throw new NasError(`${file}: trailing bytes: expected ${dataBytes} bytes of data, got ${got}`);
  }
  return { dims, data: bytes.slice(headerBytes) };
}
