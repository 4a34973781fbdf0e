import * as zlib from 'node:zlib';

/** The reflected CRC-32 table (polynomial 0xEDB88320, as in zlib, PNG and gzip). */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * CRC-32 computed in JS, one table lookup per byte. The fallback for Node
 * releases before 20.15, which lack `zlib.crc32`; tested equal to it.
 */
export function crc32Table(bytes: Uint8Array, previous = 0): number {
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The CRC-32 (IEEE, zlib's) of `bytes` as an unsigned 32-bit integer. Uses
 * Node's native `zlib.crc32` where it exists (Node >= 20.15): checkpoints
 * can be hundreds of megabytes, and the native one is several times faster.
 * `previous` is the CRC of the bytes before these, so a checksum can be built
 * piece by piece without first joining the pieces into one buffer. Empty
 * input returns `previous` without calling zlib: a view of a zero-byte
 * ArrayBuffer reaches zlib as a null pointer, for which zlib returns its
 * initial value 0, dropping the running CRC (so an empty tensor would reset it).
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  if (bytes.length === 0) return previous >>> 0;
  return typeof zlib.crc32 === 'function' ? zlib.crc32(bytes, previous) >>> 0 : crc32Table(bytes, previous);
}
