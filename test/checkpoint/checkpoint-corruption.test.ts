import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeCheckpoint, readCheckpoint } from '../../src/checkpoint/index.js';
import { expectNasError } from '../helpers/expect-nas-error.js';
import { SAMPLE_META, sampleTensors } from './fixtures.js';
import { useTempDir } from './temp-dir.js';

const dir = useTempDir();
let good: Uint8Array = new Uint8Array(0);
let file = '';

/** Where the header and the data section start and end in `good`. */
function layout(): { headerEnd: number; end: number } {
  const headerLength = new DataView(good.buffer, good.byteOffset).getUint32(8, true);
  return { headerEnd: 12 + headerLength, end: good.length };
}

/** `good` with its header replaced by `mutate(header)`, the data untouched (so its checksum still holds). */
function withHeader(mutate: (header: Record<string, unknown>) => void): Uint8Array {
  const { headerEnd } = layout();
  const header = JSON.parse(new TextDecoder().decode(good.subarray(12, headerEnd))) as Record<string, unknown>;
  mutate(header);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(12 + json.length + good.length - headerEnd);
  out.set(good.subarray(0, 8));
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(good.subarray(headerEnd), 12 + json.length);
  return out;
}

/** Write `bytes` as the checkpoint and expect reading it to fail with one line naming the file and `parts`. */
async function expectRejected(bytes: Uint8Array, ...parts: string[]): Promise<string> {
  writeFileSync(file, bytes);
  return expectNasError(() => readCheckpoint(file), `${file}: `, ...parts);
}

beforeEach(() => {
  good = encodeCheckpoint(SAMPLE_META, sampleTensors());
  file = join(dir(), 'state.ckpt');
});

describe('readCheckpoint detects every kind of damage in one line naming the file', () => {
  it('a flipped data byte: checksum mismatch', async () => {
    const { headerEnd, end } = layout();
    for (const at of [headerEnd, headerEnd + 37, end - 1]) {
      const bad = good.slice();
      bad[at] = bad[at]! ^ 0x10;
      await expectRejected(bad, 'corrupt: data checksum mismatch');
    }
  });

  it('truncation anywhere: in the magic, the header length, the header, the data', async () => {
    const { headerEnd, end } = layout();
    for (const at of [0, 5, 8, 10, 12, 12 + 20, headerEnd - 1, headerEnd, headerEnd + 3, end - 1]) {
      await expectRejected(good.subarray(0, at), 'truncated');
    }
  });

  it('bytes after the data', async () => {
    const longer = new Uint8Array(good.length + 4);
    longer.set(good);
    await expectRejected(longer, 'corrupt: 4 unexpected bytes after the data');
  });

  it('wrong magic, or some other file', async () => {
    const bad = good.slice();
    bad.set(new TextEncoder().encode('NASCKPT2'));
    await expectRejected(bad, 'not a checkpoint (expected magic NASCKPT1, got 4e 41 53 43 4b 50 54 32)');
    await expectRejected(new TextEncoder().encode('{"epoch": 3}\n'), 'not a checkpoint');
    await expectRejected(new TextEncoder().encode('hi'), 'not a checkpoint');
  });

  it('a header that is not JSON (garbage, or invalid UTF-8)', async () => {
    const { headerEnd } = layout();
    const garbage = good.slice();
    garbage.fill(0x78, 12 + 10, headerEnd - 10);
    await expectRejected(garbage, 'corrupt: header is not valid JSON');
    const binary = good.slice();
    binary.fill(0xff, 12, 16);
    await expectRejected(binary, 'corrupt: header is not valid JSON');
  });

  it('a header that is JSON but not a checkpoint header', async () => {
    await expectRejected(
      withHeader((h) => delete h.version),
      'corrupt: header has no version',
    );
    await expectRejected(
      withHeader((h) => (h.tensors = 'none')),
      'corrupt: header tensors is not an array',
    );
    await expectRejected(
      withHeader((h) => (h.crc32 = -1)),
      'corrupt: header crc32 is not a uint32',
    );
  });

  it('an unsupported version', async () => {
    await expectRejected(
      withHeader((h) => (h.version = 2)),
      'unsupported checkpoint version 2 (this toolkit reads version 1)',
    );
  });

  it('a tensor whose byte length does not match its shape', async () => {
    const bad = withHeader((h) => {
      const entries = h.tensors as { name: string; shape: number[] }[];
      entries.find((t) => t.name === 'alpha.normal')!.shape = [14, 7];
    });
    await expectRejected(bad, "corrupt: tensor 'alpha.normal' has 448 bytes, its shape [14,7] needs 392");
  });

  it('a tensor outside the data section, or an unknown dtype', async () => {
    const outside = withHeader((h) => {
      (h.tensors as { name: string; offset: number }[]).find((t) => t.name === 'int.extremes')!.offset = 1 << 20;
    });
    await expectRejected(outside, "corrupt: tensor 'int.extremes' at offset 1048576 lies outside");
    const bool = withHeader((h) => {
      (h.tensors as { name: string; dtype: string }[]).find((t) => t.name === 'lr')!.dtype = 'bool';
    });
    await expectRejected(bool, `corrupt: tensor 'lr' has dtype "bool", not float32 or int32`);
  });

  it('a missing file, or a directory', async () => {
    await expectNasError(() => readCheckpoint(join(dir(), 'nope.ckpt')), `${join(dir(), 'nope.ckpt')}: file not found`);
    mkdirSync(join(dir(), 'sub'));
    await expectNasError(() => readCheckpoint(join(dir(), 'sub')), `${join(dir(), 'sub')}: cannot read: `, '(EISDIR)');
  });

  it('accepts the undamaged file (the fixtures are sound)', async () => {
    writeFileSync(file, good);
    expect((await readCheckpoint(file)).meta).toEqual(SAMPLE_META);
    expect(readFileSync(file)).toHaveLength(good.length);
  });
});
