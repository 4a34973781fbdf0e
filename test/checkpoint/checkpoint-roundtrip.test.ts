import * as tf from '@tensorflow/tfjs';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_MAGIC,
  decodeCheckpoint,
  encodeCheckpoint,
  readCheckpoint,
  writeCheckpoint,
  writeCheckpointSync,
  type LoadedCheckpoint,
} from '../../src/checkpoint/index.js';
import { SAMPLE_META, bitsOf, sampleTensors, sampleTfTensors } from './fixtures.js';
import { useTempDir } from './temp-dir.js';

const dir = useTempDir();

/** The loaded checkpoint equals the sample tensors and meta, bit for bit and in order. */
function expectSample(loaded: LoadedCheckpoint): void {
  expect(loaded.meta).toEqual(SAMPLE_META);
  const expected = sampleTensors();
  expect([...loaded.tensors.keys()]).toEqual([...expected.keys()]);
  for (const [name, want] of expected) {
    const got = loaded.tensors.get(name)!;
    expect(got.shape, name).toEqual(want.shape);
    expect(got.dtype, name).toBe(want.dtype);
    expect(got.values).toBeInstanceOf(want.dtype === 'float32' ? Float32Array : Int32Array);
    expect(bitsOf(got.values), name).toEqual(bitsOf(want.values));
  }
}

const writers = [
  ['writeCheckpoint', writeCheckpoint],
  ['writeCheckpointSync', async (...args: Parameters<typeof writeCheckpointSync>) => writeCheckpointSync(...args)],
] as const;

describe.each(writers)('%s then readCheckpoint', (_, write) => {
  it('round-trips float32 and int32 tensors of every shape and nested meta, bit-exact', async () => {
    const file = join(dir(), 'state.ckpt');
    const tensors = sampleTfTensors();
    try {
      await write(file, SAMPLE_META, tensors);
    } finally {
      tensors.forEach(([, t]) => t.dispose());
    }
    expectSample(await readCheckpoint(file));
    expect(readdirSync(dir())).toEqual(['state.ckpt']);
  });

  it('overwrites an older checkpoint', async () => {
    const file = join(dir(), 'state.ckpt');
    const first = tf.tensor([1, 2, 3]);
    const second = tf.tensor([[4, 5]]);
    try {
      await write(file, { epoch: 1 }, [['w', first]]);
      await write(file, { epoch: 2 }, [['w', second]]);
    } finally {
      tf.dispose([first, second]);
    }
    const loaded = await readCheckpoint(file);
    expect(loaded.meta).toEqual({ epoch: 2 });
    expect(loaded.tensors.get('w')).toEqual({ shape: [1, 2], dtype: 'float32', values: Float32Array.of(4, 5) });
  });
});

describe('checkpoint format', () => {
  it('encode and decode are inverse without tfjs or files', () => {
    expectSample(decodeCheckpoint(encodeCheckpoint(SAMPLE_META, sampleTensors()), 'memory'));
  });

  it('decodes a Node Buffer that is a view into a larger pool (its own slice() shares memory)', () => {
    const encoded = encodeCheckpoint(SAMPLE_META, sampleTensors());
    const pool = Buffer.alloc(encoded.length + 64, 0xff);
    pool.set(encoded, 16);
    expectSample(decodeCheckpoint(pool.subarray(16, 16 + encoded.length), 'pooled buffer'));
  });

  it('starts with the magic and a little-endian header length, and aligns every tensor to 4 bytes', () => {
    const bytes = encodeCheckpoint({ note: 'odd-length header' }, sampleTensors());
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe(CHECKPOINT_MAGIC);
    const headerLength = new DataView(bytes.buffer).getUint32(8, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as {
      version: number;
      tensors: { name: string; offset: number; byteLength: number }[];
      dataByteLength: number;
      crc32: number;
    };
    expect(header.version).toBe(1);
    expect((12 + headerLength) % 4).toBe(0);
    expect(bytes.length).toBe(12 + headerLength + header.dataByteLength);
    for (const entry of header.tensors) expect(entry.offset % 4, entry.name).toBe(0);
    const lr = header.tensors.find((t) => t.name === 'lr')!;
    expect(new DataView(bytes.buffer).getFloat32(12 + headerLength + lr.offset, true)).toBe(Math.fround(0.025));
  });

  it('reads a file with no tensors and null meta', async () => {
    const file = join(dir(), 'empty.ckpt');
    await writeCheckpoint(file, null, []);
    const loaded = await readCheckpoint(file);
    expect(loaded.meta).toBeNull();
    expect(loaded.tensors.size).toBe(0);
    expect(readFileSync(file).length % 4).toBe(0);
  });
});
