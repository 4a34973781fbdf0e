import { NasError } from '../errors.js';

/**
 * The checkpoint file format, version 1. One file holds a run's whole state,
 * so a resume never mixes weights from one epoch with optimizer slots from
 * another:
 *
 * - bytes 0-7: the magic `NASCKPT1`;
 * - bytes 8-11: the header's byte length, uint32 little-endian;
 * - the header: UTF-8 JSON ({@link CheckpointHeader}), space-padded so the data starts 4-byte aligned;
 * - the data section: every tensor's values, little-endian, each at a 4-byte aligned offset.
 *
 * The header is JSON so a checkpoint can be inspected with `head -c`; the data
 * is raw so loading costs one copy. The CRC-32 of the data section catches a
 * flipped bit or a partly copied file that still has the right length.
 */
export const CHECKPOINT_MAGIC = 'NASCKPT1';
export const CHECKPOINT_VERSION = 1;
/** Magic plus header length: the bytes before the header. */
export const PREAMBLE_BYTES = 12;
export const CHECKPOINT_DTYPES = ['float32', 'int32'] as const;
export type CheckpointDtype = (typeof CHECKPOINT_DTYPES)[number];
/** Both dtypes have 4-byte elements, so consecutive tensors stay 4-byte aligned without padding. */
export const BYTES_PER_ELEMENT = 4;

/** A tensor's value as plain data: nothing to dispose. */
export interface CheckpointTensor {
  shape: number[];
  dtype: CheckpointDtype;
  values: Float32Array | Int32Array;
}

/** What `readCheckpoint` returns: the caller's JSON and the tensors by name, in file order. */
export interface LoadedCheckpoint {
  meta: unknown;
  tensors: ReadonlyMap<string, CheckpointTensor>;
}

/** Where one tensor lies in the data section. */
export interface TensorEntry {
  name: string;
  dtype: CheckpointDtype;
  shape: number[];
  /** Byte offset from the start of the data section. */
  offset: number;
  byteLength: number;
}

export interface CheckpointHeader {
  version: typeof CHECKPOINT_VERSION;
  meta: unknown;
  tensors: TensorEntry[];
  dataByteLength: number;
  /** CRC-32 (IEEE) of the data section. */
  crc32: number;
}

/** The number of elements of a shape; 1 for a scalar `[]`. */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

const HOST_LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** The little-endian bytes of `values`: a view on little-endian hosts (all Node platforms in practice), a swapped copy otherwise. */
export function littleEndianBytes(values: Float32Array | Int32Array): Uint8Array {
  if (HOST_LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.byteLength);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => (values instanceof Float32Array ? view.setFloat32(4 * i, v, true) : view.setInt32(4 * i, v, true)));
  return out;
}

/**
 * The values stored as little-endian `bytes`, in a fresh array that shares no memory with the file's buffer.
 * Copied through the Uint8Array constructor: a Node `Buffer`'s own `slice()` returns a view of its (pooled) memory, not a copy.
 */
export function valuesFromBytes(bytes: Uint8Array, dtype: CheckpointDtype): Float32Array | Int32Array {
  const copy = new Uint8Array(bytes);
  const values = dtype === 'float32' ? new Float32Array(copy.buffer) : new Int32Array(copy.buffer);
  if (HOST_LITTLE_ENDIAN) return values;
  const view = new DataView(copy.buffer);
  for (let i = 0; i < values.length; i++) values[i] = dtype === 'float32' ? view.getFloat32(4 * i, true) : view.getInt32(4 * i, true);
  return values;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Check a parsed header and return it typed. The version is checked first, so
 * a file from a newer toolkit says so instead of failing on a field it does
 * not know. Every problem is one line naming `file`.
 */
export function parseHeader(json: unknown, file: string): CheckpointHeader {
  const corrupt = (what: string) => new NasError(`${file}: corrupt: ${what}`);
  if (!isRecord(json)) throw corrupt('header is not a JSON object');
  if (!('version' in json)) throw corrupt('header has no version');
  if (json.version !== CHECKPOINT_VERSION) {
    throw new NasError(
      `${file}: unsupported checkpoint version ${JSON.stringify(json.version)} (this toolkit reads version ${CHECKPOINT_VERSION})`,
    );
  }
  const { dataByteLength, crc32, tensors } = json;
  if (!isCount(dataByteLength)) throw corrupt('header dataByteLength is not a byte count');
  if (!isCount(crc32) || crc32 > 0xffffffff) throw corrupt('header crc32 is not a uint32');
  if (!Array.isArray(tensors)) throw corrupt('header tensors is not an array');
  const names = new Set<string>();
  const entries = tensors.map((entry: unknown, i): TensorEntry => {
    const checked = parseEntry(entry, `header tensors[${i}]`, corrupt);
    if (names.has(checked.name)) throw corrupt(`tensor '${checked.name}' appears twice`);
    names.add(checked.name);
    const needed = elementCount(checked.shape) * BYTES_PER_ELEMENT;
    if (checked.byteLength !== needed) {
      throw corrupt(`tensor '${checked.name}' has ${checked.byteLength} bytes, its shape ${formatShape(checked.shape)} needs ${needed}`);
    }
    if (checked.offset % BYTES_PER_ELEMENT !== 0 || checked.offset + checked.byteLength > dataByteLength) {
      throw corrupt(`tensor '${checked.name}' at offset ${checked.offset} lies outside the ${dataByteLength}-byte data section`);
    }
    return checked;
  });
  return { version: CHECKPOINT_VERSION, meta: json.meta, tensors: entries, dataByteLength, crc32 };
}

function parseEntry(entry: unknown, where: string, corrupt: (what: string) => NasError): TensorEntry {
  if (!isRecord(entry)) throw corrupt(`${where} is not an object`);
  const { name, dtype, shape, offset, byteLength } = entry;
  if (typeof name !== 'string') throw corrupt(`${where}.name is not a string`);
  if (!CHECKPOINT_DTYPES.some((d) => d === dtype)) {
    throw corrupt(`tensor '${name}' has dtype ${JSON.stringify(dtype)}, not ${CHECKPOINT_DTYPES.join(' or ')}`);
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) throw corrupt(`tensor '${name}' has a shape that is not a list of sizes`);
  if (!isCount(offset) || !isCount(byteLength)) throw corrupt(`tensor '${name}' has an offset or byteLength that is not a byte count`);
  return { name, dtype: dtype as CheckpointDtype, shape: shape as number[], offset, byteLength };
}
