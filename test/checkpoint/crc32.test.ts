import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Table } from '../../src/checkpoint/crc32.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('crc32', () => {
  it('gives the standard check value of "123456789", native and table', () => {
    expect(crc32(bytes('123456789'))).toBe(0xcbf43926);
    expect(crc32Table(bytes('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('table version equals zlib.crc32 on random data, whole and piece by piece', () => {
    const data = Uint8Array.from({ length: 10_007 }, (_, i) => (i * 2654435761) >>> 24);
    const whole = zlib.crc32(data) >>> 0;
    expect(crc32Table(data)).toBe(whole);
    expect(crc32(data.subarray(5000), crc32(data.subarray(0, 5000)))).toBe(whole);
    expect(crc32Table(data.subarray(5000), crc32Table(data.subarray(0, 5000)))).toBe(whole);
  });

  it('keeps the running value over empty pieces, even a view of a zero-byte buffer (zlib sees a null pointer)', () => {
    const empty = new Uint8Array(new Float32Array(0).buffer);
    expect(crc32(empty, 0xcbf43926)).toBe(0xcbf43926);
    expect(crc32Table(empty, 0xcbf43926)).toBe(0xcbf43926);
  });
});
