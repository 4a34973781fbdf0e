import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/space/sha256.js';

const nodeSha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('sha256Hex (genotypeHash without node:crypto)', () => {
  it('gives the FIPS 180-4 examples', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with node:crypto at every length across the padding boundaries, and on UTF-8 and bytes', () => {
    for (let n = 0; n < 200; n++) {
      const text = Array.from({ length: n }, (_, i) => String.fromCharCode(33 + ((i * 31 + n) % 90))).join('');
      expect(sha256Hex(text), `length ${n}`).toBe(nodeSha256(text));
    }
    expect(sha256Hex('|nor_conv_3x3~0|+|é ☃ 𝄞|')).toBe(nodeSha256('|nor_conv_3x3~0|+|é ☃ 𝄞|'));
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 255);
    expect(sha256Hex(bytes)).toBe(nodeSha256(bytes));
  });
});
