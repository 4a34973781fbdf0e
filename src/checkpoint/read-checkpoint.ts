import { readFile } from 'node:fs/promises';
import { NasError, firstLine } from '../errors.js';
import { crc32 } from './crc32.js';
import { CHECKPOINT_MAGIC, PREAMBLE_BYTES, parseHeader, valuesFromBytes, type CheckpointTensor, type LoadedCheckpoint } from './format.js';
import { systemErrorCode, systemErrorReason } from './system-error.js';

const MAGIC_BYTES = new TextEncoder().encode(CHECKPOINT_MAGIC);

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function hex32(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

/**
 * Check the magic. A file shorter than the magic whose bytes match its start
 * is a truncated checkpoint (a copy cut short), anything else is some other file.
 */
function checkMagic(bytes: Uint8Array, file: string): void {
  const head = bytes.subarray(0, MAGIC_BYTES.length);
  if (head.every((b, i) => b === MAGIC_BYTES[i])) {
    if (head.length === MAGIC_BYTES.length) return;
    throw new NasError(`${file}: truncated: ${bytes.length} bytes, shorter than the ${PREAMBLE_BYTES}-byte preamble`);
  }
  throw new NasError(`${file}: not a checkpoint (expected magic ${CHECKPOINT_MAGIC}, got ${hex(head)})`);
}

function parseJson(bytes: Uint8Array, file: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new NasError(`${file}: corrupt: header is not valid JSON (${firstLine(error)})`);
  }
}

/**
 * Parse the bytes of a checkpoint file (format in `format.ts`) read from
 * `file`, checking in file order, so each fault gets the message that names
 * it: magic, then lengths (truncated), header JSON, version, header fields,
 * then the data checksum. Tensor values are copied out of `bytes`.
 */
export function decodeCheckpoint(bytes: Uint8Array, file: string): LoadedCheckpoint {
  checkMagic(bytes, file);
  if (bytes.length < PREAMBLE_BYTES) {
    throw new NasError(`${file}: truncated: ${bytes.length} bytes, shorter than the ${PREAMBLE_BYTES}-byte preamble`);
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC_BYTES.length, true);
  const dataStart = PREAMBLE_BYTES + headerLength;
  if (bytes.length < dataStart) {
    throw new NasError(`${file}: truncated: the header needs ${dataStart} bytes, the file has ${bytes.length}`);
  }
  const header = parseHeader(parseJson(bytes.subarray(PREAMBLE_BYTES, dataStart), file), file);
  const end = dataStart + header.dataByteLength;
  if (bytes.length < end) {
    throw new NasError(`${file}: truncated: header and data need ${end} bytes, the file has ${bytes.length}`);
  }
  if (bytes.length > end) throw new NasError(`${file}: corrupt: ${bytes.length - end} unexpected bytes after the data`);
  const data = bytes.subarray(dataStart, end);
  const actual = crc32(data);
  if (actual !== header.crc32) {
    throw new NasError(`${file}: corrupt: data checksum mismatch (header ${hex32(header.crc32)}, data ${hex32(actual)})`);
  }
  const tensors = new Map<string, CheckpointTensor>();
  for (const { name, dtype, shape, offset, byteLength } of header.tensors) {
    tensors.set(name, { shape, dtype, values: valuesFromBytes(data.subarray(offset, offset + byteLength), dtype) });
  }
  return { meta: header.meta, tensors };
}

/**
 * Read a checkpoint written by `writeCheckpoint`: the caller's JSON and plain
 * typed arrays (no tensors, so nothing to dispose and no backend needed). Any
 * fault is a one-line NasError naming the file: missing, not a checkpoint,
 * truncated, corrupt header or data, or from a newer toolkit version.
 */
export async function readCheckpoint(path: string): Promise<LoadedCheckpoint> {
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT') throw new NasError(`${path}: file not found`);
    const reason = systemErrorReason(error);
    throw reason === null ? error : new NasError(`${path}: cannot read: ${reason}`);
  }
  return decodeCheckpoint(raw, path);
}
