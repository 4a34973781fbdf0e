/**
 * CRC-32C (Castagnoli), the checksum TFRecord files carry, and TFRecord's
 * masking of it.
 *
 * Written here rather than taken from a package: it is twenty lines, the one
 * candidate (`@aws-crypto/crc32c`) pulls in the AWS SDK's type and utility
 * packages, and Node 20's `zlib` only has the other CRC-32 (IEEE 802.3), whose
 * values TensorBoard would reject.
 */

/** The reflected Castagnoli polynomial 0x1EDC6F41 (RFC 3720, section B.4). */
const POLYNOMIAL = 0x82f63b78;

/** Byte-at-a-time lookup table: one entry per byte value, built once on load. */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
    table[byte] = crc >>> 0;
  }
  return table;
})();

/** The CRC-32C of `bytes`, as an unsigned 32-bit integer. */
export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Added after the rotation; the constant TensorFlow and LevelDB use. */
const MASK_DELTA = 0xa282ead8;

/**
 * The CRC-32C of `bytes` masked the way TFRecord stores it: rotated right by
 * 15 bits plus a constant. TensorFlow masks because the CRC of data that itself
 * contains CRCs is weak (`tensorflow/core/lib/hash/crc32c.h`, after LevelDB).
 */
export function maskedCrc32c(bytes: Uint8Array): number {
  const crc = crc32c(bytes);
  return (((crc >>> 15) | (crc << 17)) + MASK_DELTA) >>> 0;
}
