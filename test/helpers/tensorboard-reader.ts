import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { maskedCrc32c } from '../../src/report/tensorboard/crc32c.js';

/**
 * A TensorBoard event-file reader for tests: TFRecord framing with both
 * CRCs checked, and the Event / Summary / HistogramProto fields the writer
 * emits decoded from the protobuf wire format by hand.
 */
export function readRecords(file: Uint8Array): Uint8Array[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const records: Uint8Array[] = [];
  let at = 0;
  while (at < file.length) {
    expect(file.length - at).toBeGreaterThanOrEqual(12);
    const length = Number(view.getBigUint64(at, true));
    expect(view.getUint32(at + 8, true)).toBe(maskedCrc32c(file.subarray(at, at + 8)));
    const data = file.subarray(at + 12, at + 12 + length);
    expect(data.length).toBe(length);
    expect(view.getUint32(at + 12 + length, true)).toBe(maskedCrc32c(data));
    records.push(data);
    at += 12 + length + 4;
  }
  return records;
}

type Field = { wire: 0; value: bigint } | { wire: 1 | 2 | 5; bytes: Uint8Array };

/** Decodes one protobuf message into its fields by number, in order; fails on wire types the writer never uses. */
export function decodeFields(bytes: Uint8Array): Map<number, Field[]> {
  const fields = new Map<number, Field[]>();
  let at = 0;
  const varint = (): bigint => {
    let value = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = bytes[at++];
      if (byte === undefined) throw new Error('truncated varint');
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value;
    }
  };
  const take = (n: number): Uint8Array => {
    if (at + n > bytes.length) throw new Error('truncated field');
    at += n;
    return bytes.subarray(at - n, at);
  };
  while (at < bytes.length) {
    const key = varint();
    const number = Number(key >> 3n);
    const wire = Number(key & 7n);
    let field: Field;
    if (wire === 0) field = { wire, value: varint() };
    else if (wire === 1) field = { wire, bytes: take(8) };
    else if (wire === 2) field = { wire, bytes: take(Number(varint())) };
    else if (wire === 5) field = { wire, bytes: take(4) };
    else throw new Error(`unexpected wire type ${wire}`);
    fields.set(number, [...(fields.get(number) ?? []), field]);
  }
  return fields;
}

/** The single field `number` of wire type `wire`, or undefined when absent. */
export function one(fields: Map<number, Field[]>, number: number, wire: Field['wire']): Field | undefined {
  const found = fields.get(number);
  if (found === undefined) return undefined;
  expect(found).toHaveLength(1);
  expect(found[0]!.wire).toBe(wire);
  return found[0];
}
function bytesOf(field: Field | undefined): Uint8Array {
  if (field === undefined || field.wire === 0) throw new Error('missing length-delimited or fixed field');
  return field.bytes;
}
const f64 = (b: Uint8Array): number => new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
const f32 = (b: Uint8Array): number => new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, true);
const doubles = (b: Uint8Array): number[] => Array.from({ length: b.length / 8 }, (_, i) => f64(b.subarray(8 * i)));

export interface ReadHisto {
  min: number;
  max: number;
  num: number;
  sum: number;
  sum_squares: number;
  bucket_limit: number[];
  bucket: number[];
}
export interface ReadValue {
  tag: string;
  simple_value?: number;
  histo?: ReadHisto;
}
export interface ReadEvent {
  wall_time: number;
  step: number;
  file_version?: string;
  values?: ReadValue[];
}

/** Decodes a `tensorflow.Event` with the field numbers of event.proto and summary.proto. */
export function decodeEvent(bytes: Uint8Array): ReadEvent {
  const fields = decodeFields(bytes);
  expect([...fields.keys()].every((n) => [1, 2, 3, 5].includes(n))).toBe(true);
  const stepField = one(fields, 2, 0);
  const event: ReadEvent = {
    wall_time: f64(bytesOf(one(fields, 1, 1))),
    step: stepField?.wire === 0 ? Number(BigInt.asIntN(64, stepField.value)) : 0,
  };
  const version = one(fields, 3, 2);
  if (version !== undefined) event.file_version = new TextDecoder().decode(bytesOf(version));
  const summary = one(fields, 5, 2);
  if (summary !== undefined) {
    const summaryFields = decodeFields(bytesOf(summary));
    event.values = (summaryFields.get(1) ?? []).map((v) => decodeValue(bytesOf(v)));
  }
  return event;
}

function decodeValue(bytes: Uint8Array): ReadValue {
  const fields = decodeFields(bytes);
  const value: ReadValue = { tag: new TextDecoder().decode(bytesOf(one(fields, 1, 2))) };
  const simple = one(fields, 2, 5);
  if (simple !== undefined) value.simple_value = f32(bytesOf(simple));
  const histo = one(fields, 5, 2);
  if (histo !== undefined) {
    const h = decodeFields(bytesOf(histo));
    const d = (n: number): number => f64(bytesOf(one(h, n, 1)));
    value.histo = {
      min: d(1),
      max: d(2),
      num: d(3),
      sum: d(4),
      sum_squares: d(5),
      bucket_limit: doubles(bytesOf(one(h, 6, 2))),
      bucket: doubles(bytesOf(one(h, 7, 2))),
    };
  }
  return value;
}

export function readEvents(path: string): ReadEvent[] {
  return readRecords(new Uint8Array(readFileSync(path))).map(decodeEvent);
}

/** Checks a histogram against the values it summarizes: the statistics, and every bucket's count over its exact range. */
