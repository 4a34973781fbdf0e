import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32c, maskedCrc32c } from '../../src/report/tensorboard/crc32c.js';
import { EventFileWriter, histogramSummary, tensorflowBucketLimits } from '../../src/report/tensorboard/index.js';
import { ProtoWriter } from '../../src/report/tensorboard/protobuf.js';
import { expectNasError, expectNasErrorSync } from '../helpers/expect-nas-error.js';
import { readEvents, type ReadEvent, type ReadHisto } from '../helpers/tensorboard-reader.js';

const root = mkdtempSync(join(tmpdir(), 'nas-tensorboard-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dirs = 0;
function freshDir(): string {
  return join(root, `run-${dirs++}`);
}

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

// ---------------------------------------------------------------- a reader, independent of the writer

/** Splits a TFRecord file into record payloads, checking both masked CRCs of every record. */
function expectHistogramOf(h: ReadHisto, values: readonly number[]): void {
  expect(h.num).toBe(values.length);
  expect(h.min).toBe(Math.min(...values));
  expect(h.max).toBe(Math.max(...values));
  expect(h.sum).toBeCloseTo(
    values.reduce((a, v) => a + v, 0),
    9,
  );
  expect(h.sum_squares).toBeCloseTo(
    values.reduce((a, v) => a + v * v, 0),
    9,
  );
  expect(h.bucket.reduce((a, c) => a + c, 0)).toBe(values.length);
  expect(h.bucket_limit).toHaveLength(h.bucket.length);
  const limits = new Set(tensorflowBucketLimits());
  for (let i = 0; i < h.bucket.length; i++) {
    const lower = i === 0 ? -Infinity : h.bucket_limit[i - 1]!;
    const upper = h.bucket_limit[i]!;
    expect(limits.has(upper)).toBe(true);
    expect(upper).toBeGreaterThan(lower);
    expect(h.bucket[i]).toBe(values.filter((v) => v >= lower && v < upper).length);
    // Empty runs are merged, so two empty buckets never follow each other.
    if (i > 0) expect(h.bucket[i - 1] === 0 && h.bucket[i] === 0).toBe(false);
  }
}

// ---------------------------------------------------------------- the tests

describe('CRC-32C', () => {
  it('matches the standard check value and the RFC 3720 B.4 vectors', () => {
    expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).toBe(0x113fdb5c);
  });

  it('masks as TFRecord does, matching checksums taken from real TensorFlow files', () => {
    // Vectors from TensorBoard's Rust data server (rustboard): the payload of
    // Event(file_version="CRC test, one two"), and the length header of a 24-byte record.
    const payload = ascii('\x1a\x11CRC test, one two');
    expect(maskedCrc32c(payload)).toBe(0x5794d08a);
    expect(maskedCrc32c(Uint8Array.of(24, 0, 0, 0, 0, 0, 0, 0))).toBe(0x224b7fa3);
    // The mask formula, evaluated independently with BigInt arithmetic.
    const crc = BigInt(crc32c(payload));
    expect(BigInt(maskedCrc32c(payload))).toBe((((crc >> 15n) | (crc << 17n)) + 0xa282ead8n) & 0xffffffffn);
  });
});

describe('protobuf encoder', () => {
  it('writes the bytes TensorFlow wrote for the same Event', () => {
    expect(new ProtoWriter().string(3, 'CRC test, one two').finish()).toEqual(ascii('\x1a\x11CRC test, one two'));
  });

  it('encodes varints, negative int64, doubles, floats and packed doubles', () => {
    expect(new ProtoWriter().int64(2, 300).finish()).toEqual(Uint8Array.of(0x10, 0xac, 0x02));
    expect(new ProtoWriter().int64(2, 0).finish()).toEqual(Uint8Array.of(0x10, 0x00));
    expect(new ProtoWriter().int64(2, -1).finish()).toEqual(Uint8Array.of(0x10, ...Array<number>(9).fill(0xff), 0x01));
    expect(new ProtoWriter().double(1, 1).finish()).toEqual(Uint8Array.of(0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f));
    expect(new ProtoWriter().float(2, 1).finish()).toEqual(Uint8Array.of(0x15, 0, 0, 0x80, 0x3f));
    expect(new ProtoWriter().packedDoubles(6, [1, 2]).finish()).toEqual(
      Uint8Array.of(0x32, 16, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0x40),
    );
    const nested = new ProtoWriter().message(5, new ProtoWriter().string(1, 'a')).finish();
    expect(nested).toEqual(Uint8Array.of(0x2a, 3, 0x0a, 1, 0x61));
    expect(() => new ProtoWriter().int64(2, 0.5)).toThrow(RangeError);
  });
});

describe('TensorFlow default histogram buckets', () => {
  it('grow by 1.1x from 1e-12 below 1e20, end at the largest double, and mirror around 0', () => {
    const limits = tensorflowBucketLimits();
    const center = limits.indexOf(0);
    expect(center).toBe((limits.length - 1) / 2);
    expect(limits[center + 1]).toBe(1e-12);
    expect(limits[center + 2]).toBe(1e-12 * 1.1);
    expect(limits.at(-1)).toBe(Number.MAX_VALUE);
    expect(limits[0]).toBe(-Number.MAX_VALUE);
    expect(limits.at(-2)).toBeLessThan(1e20);
    expect(limits.at(-2)! * 1.1).toBeGreaterThanOrEqual(1e20);
    for (let i = 0; i < limits.length; i++) expect(limits[i]! + limits[limits.length - 1 - i]!).toBe(0);
  });

  it('count every value once, in the bucket whose range holds it', () => {
    const values = [0, 0, 1e-13, -1e-13, 1e-12, 1, 1, 1.05, -1, 3.5, 1e6, -2e-5, 1e25, -1e25];
    const h = histogramSummary(values);
    expectHistogramOf({ ...h, sum_squares: h.sumSquares, bucket_limit: [...h.bucketLimits], bucket: [...h.buckets] }, values);
  });

  it('put the largest double, which no bucket range holds, in the last bucket', () => {
    const h = histogramSummary([Number.MAX_VALUE, -Number.MAX_VALUE]);
    const largestFinite = tensorflowBucketLimits().at(-2)!;
    expect(h.bucketLimits).toEqual([-Number.MAX_VALUE, -largestFinite, largestFinite, Number.MAX_VALUE]);
    expect(h.buckets).toEqual([0, 1, 0, 1]);
  });
});

describe('EventFileWriter', () => {
  it('names the file events.out.tfevents.<unix seconds>.<host>[suffix] and starts it with the file version', () => {
    const dir = freshDir();
    const before = Math.floor(Date.now() / 1000);
    const writer = new EventFileWriter(dir);
    const suffixed = new EventFileWriter(dir, { filenameSuffix: '.val' });
    writer.close();
    suffixed.close();
    const names = readdirSync(dir).sort();
    expect(names).toHaveLength(2);
    const pattern = /^events\.out\.tfevents\.(\d+)\.(.+?)(\.val)?$/;
    for (const name of names) {
      const match = pattern.exec(name);
      expect(match?.[2]).toBe(hostname());
      expect(Number(match?.[1])).toBeGreaterThanOrEqual(before);
      expect(Number(match?.[1])).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    }
    const events = readEvents(writer.path);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ step: 0, file_version: 'brain.Event:2' });
    expect(events[0]!.wall_time).toBeGreaterThanOrEqual(before);
  });

  it('reads back every scalar and histogram with its tag, step, value and wall time', () => {
    const writer = new EventFileWriter(freshDir(), { filename: 'events.out.tfevents.test' });
    const scalars = [
      { tag: 'loss/train', value: Math.LN10, step: 0, wallTime: 1_700_000_000.25 },
      { tag: 'loss/train', value: 0.1, step: 1, wallTime: 1_700_000_001.5 },
      { tag: 'accuracy', value: 0, step: 1, wallTime: 1_700_000_001.75 },
      { tag: 'alpha/normal/edge 0→1', value: -3.75, step: 2 ** 40, wallTime: 1_700_000_002 },
      { tag: 'negative step', value: 1e30, step: -5, wallTime: 1 },
    ];
    const weights = Float32Array.from({ length: 500 }, (_, i) => Math.sin(i) * 0.05 * (i % 7));
    for (const s of scalars.slice(0, 2)) writer.scalar(s.tag, s.value, s.step, s.wallTime);
    writer.histogram('weights/conv1', weights, 7, 1_700_000_003);
    for (const s of scalars.slice(2)) writer.scalar(s.tag, s.value, s.step, s.wallTime);
    writer.flush();

    // Read before close: the records must already be in the file, as after a crash.
    const events = readEvents(writer.path);
    writer.close();
    expect(events).toHaveLength(1 + scalars.length + 1);
    expect(events[0]!.file_version).toBe('brain.Event:2');
    const scalarEvents = [events[1], events[2], ...events.slice(4)];
    scalarEvents.forEach((event, i) => {
      const s = scalars[i]!;
      expect(event).toEqual({ wall_time: s.wallTime, step: s.step, values: [{ tag: s.tag, simple_value: Math.fround(s.value) }] });
    });
    const histo = events[3]!;
    expect(histo.step).toBe(7);
    expect(histo.wall_time).toBe(1_700_000_003);
    expect(histo.values).toHaveLength(1);
    expect(histo.values![0]!.tag).toBe('weights/conv1');
    expect(histo.values![0]!.simple_value).toBeUndefined();
    expectHistogramOf(histo.values![0]!.histo!, Array.from(weights));
  });

  it('reads back with an independent standard-library Python reader', (context) => {
    if (!existsSync('/usr/bin/python3')) {
      context.skip('skipped: /usr/bin/python3 is absent, so no independent reader can run');
      return;
    }
    const writer = new EventFileWriter(freshDir(), { filename: 'events.out.tfevents.python' });
    writer.scalar('loss', 0.5, 1, 100.5);
    writer.scalar('loss', 0.25, 2 ** 33, 101);
    writer.scalar('lr', 0, -3, 102);
    writer.histogram('w', [-1, -0.5, 0, 0, 0.3, 2, 1e-12, 7e5], 3, 103);
    writer.close();
    const output = execFileSync('/usr/bin/python3', ['-c', PYTHON_READER, writer.path], { encoding: 'utf8', timeout: 30_000 });
    const python = JSON.parse(output) as ReadEvent[];
    expect(python).toHaveLength(5);
    expect(python.slice(1, 4)).toEqual([
      { wall_time: 100.5, step: 1, values: [{ tag: 'loss', simple_value: 0.5 }] },
      { wall_time: 101, step: 2 ** 33, values: [{ tag: 'loss', simple_value: 0.25 }] },
      { wall_time: 102, step: -3, values: [{ tag: 'lr', simple_value: 0 }] },
    ]);
    expect(python[0]).toMatchObject({ step: 0, file_version: 'brain.Event:2' });
    expect(python).toEqual(readEvents(writer.path));
    expectHistogramOf(python[4]!.values![0]!.histo!, [-1, -0.5, 0, 0, 0.3, 2, 1e-12, 7e5]);
  });

  it('rejects bad input with one-line errors and refuses to share a file', async () => {
    const dir = freshDir();
    const writer = new EventFileWriter(dir, { filename: 'events.out.tfevents.x' });
    expectNasErrorSync(() => writer.histogram('w', [1, Number.NaN], 0), "'w'", 'NaN');
    expectNasErrorSync(() => writer.histogram('w', new Float32Array([Infinity]), 0), "'w'", 'Infinity');
    expectNasErrorSync(() => writer.histogram('w', [], 0), "'w'", 'no values');
    expectNasErrorSync(() => writer.scalar('loss', 1, 1.5), 'step', 'integer');
    expectNasErrorSync(() => writer.scalar('', 1, 1), 'tag');
    expectNasErrorSync(() => writer.scalar('loss', 1, 1, Number.NaN), 'wall time');
    expectNasErrorSync(() => histogramSummary([1], [0, 2, 1]), 'strictly increasing');
    await expectNasError(() => new EventFileWriter(dir, { filename: 'events.out.tfevents.x' }), 'EEXIST', 'filenameSuffix');
    // None of the rejected calls wrote anything.
    expect(readEvents(writer.path)).toHaveLength(1);
    writer.close();
    writer.close();
    expect(() => writer.scalar('loss', 1, 1)).toThrow(/closed/);
  });
});

/**
 * A TFRecord + protobuf reader using only Python's standard library, with a
 * bit-by-bit CRC-32C (no table, so it shares nothing with the TypeScript one).
 * Prints the events as JSON in the shape `ReadEvent` has.
 */
const PYTHON_READER = String.raw`
import json, struct, sys

def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF

def masked(data):
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF

def fields(buf):
    out, pos = {}, 0
    def varint():
        nonlocal pos
        value, shift = 0, 0
        while True:
            byte = buf[pos]; pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return value
    while pos < len(buf):
        key = varint()
        number, wire = key >> 3, key & 7
        if wire == 0:
            value = varint()
        elif wire == 1:
            value = buf[pos:pos + 8]; pos += 8
        elif wire == 2:
            n = varint(); value = buf[pos:pos + n]; pos += n
        elif wire == 5:
            value = buf[pos:pos + 4]; pos += 4
        else:
            raise ValueError('wire type %d' % wire)
        out.setdefault(number, []).append(value)
    return out

def f64(b): return struct.unpack('<d', b)[0]

def histo(buf):
    h = fields(buf)
    packed = lambda b: list(struct.unpack('<%dd' % (len(b) // 8), b))
    return {'min': f64(h[1][0]), 'max': f64(h[2][0]), 'num': f64(h[3][0]), 'sum': f64(h[4][0]),
            'sum_squares': f64(h[5][0]), 'bucket_limit': packed(h[6][0]), 'bucket': packed(h[7][0])}

def value(buf):
    v = fields(buf)
    out = {'tag': v[1][0].decode('utf-8')}
    if 2 in v: out['simple_value'] = struct.unpack('<f', v[2][0])[0]
    if 5 in v: out['histo'] = histo(v[5][0])
    return out

data = open(sys.argv[1], 'rb').read()
events, pos = [], 0
while pos < len(data):
    header = data[pos:pos + 8]
    (length,) = struct.unpack('<Q', header)
    (length_crc,) = struct.unpack('<I', data[pos + 8:pos + 12])
    assert length_crc == masked(header), 'bad length crc'
    payload = data[pos + 12:pos + 12 + length]
    (data_crc,) = struct.unpack('<I', data[pos + 12 + length:pos + 16 + length])
    assert data_crc == masked(payload), 'bad data crc'
    pos += 16 + length
    e = fields(payload)
    step = e.get(2, [0])[0]
    event = {'wall_time': f64(e[1][0]), 'step': step - (1 << 64) if step >= 1 << 63 else step}
    if 3 in e: event['file_version'] = e[3][0].decode('utf-8')
    if 5 in e: event['values'] = [value(v) for v in fields(e[5][0]).get(1, [])]
    events.append(event)
print(json.dumps(events))
`;
