import type * as tf from '@tensorflow/tfjs';
import { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';
import { crc32 } from './crc32.js';
import {
  BYTES_PER_ELEMENT,
  CHECKPOINT_DTYPES,
  CHECKPOINT_MAGIC,
  CHECKPOINT_VERSION,
  PREAMBLE_BYTES,
  elementCount,
  formatShape,
  littleEndianBytes,
  type CheckpointDtype,
  type CheckpointHeader,
  type CheckpointTensor,
  type TensorEntry,
} from './format.js';

/** Named tensors to save, e.g. `supernet.namedWeights()` plus the optimizer's slots. */
export type NamedTensors = readonly (readonly [string, tf.Tensor])[];

/**
 * The bytes of a checkpoint file (format in `format.ts`) holding `meta` (any
 * JSON) and the named tensor values, in the given order. Pure, so tests and
 * other writers can build files without tfjs; a duplicate name or values that
 * do not fill their shape are bugs in the caller and throw plain Errors.
 */
export function encodeCheckpoint(meta: unknown, tensors: Iterable<readonly [string, CheckpointTensor]>): Uint8Array {
  const entries: TensorEntry[] = [];
  const pieces: Uint8Array[] = [];
  const names = new Set<string>();
  let offset = 0;
  let crc = 0;
  for (const [name, tensor] of tensors) {
    if (names.has(name)) throw new Error(`encodeCheckpoint: duplicate tensor name '${name}'`);
    names.add(name);
    if (tensor.values.length !== elementCount(tensor.shape)) {
      throw new Error(`encodeCheckpoint: tensor '${name}' has ${tensor.values.length} values for shape ${formatShape(tensor.shape)}`);
    }
    const bytes = littleEndianBytes(tensor.values);
    entries.push({ name, dtype: tensor.dtype, shape: [...tensor.shape], offset, byteLength: bytes.byteLength });
    pieces.push(bytes);
    crc = crc32(bytes, crc);
    offset += bytes.byteLength;
  }
  const header: CheckpointHeader = { version: CHECKPOINT_VERSION, meta, tensors: entries, dataByteLength: offset, crc32: crc };
  const json = new TextEncoder().encode(JSON.stringify(header));
  // Space-pad the JSON so the data section, and with it every tensor, starts 4-byte aligned in the file.
  const headerBytes = json.length + ((BYTES_PER_ELEMENT - ((PREAMBLE_BYTES + json.length) % BYTES_PER_ELEMENT)) % BYTES_PER_ELEMENT);
  const out = new Uint8Array(PREAMBLE_BYTES + headerBytes + offset);
  out.set(new TextEncoder().encode(CHECKPOINT_MAGIC), 0);
  new DataView(out.buffer).setUint32(CHECKPOINT_MAGIC.length, headerBytes, true);
  out.set(json, PREAMBLE_BYTES);
  out.fill(0x20, PREAMBLE_BYTES + json.length, PREAMBLE_BYTES + headerBytes);
  const dataStart = PREAMBLE_BYTES + headerBytes;
  entries.forEach((entry, i) => out.set(pieces[i]!, dataStart + entry.offset));
  return out;
}

/** Refuse what cannot be saved before reading any tensor, so a bad call fails fast and touches no file. */
function checkNamedTensors(tensors: NamedTensors): void {
  const names = new Set<string>();
  for (const [name, tensor] of tensors) {
    if (names.has(name)) throw new Error(`writeCheckpoint: duplicate tensor name '${name}'`);
    names.add(name);
    if (!isCheckpointDtype(tensor.dtype)) {
      throw new Error(`writeCheckpoint: tensor '${name}' is ${tensor.dtype}; checkpoints hold ${CHECKPOINT_DTYPES.join(' and ')}`);
    }
  }
}

function isCheckpointDtype(dtype: string): dtype is CheckpointDtype {
  return CHECKPOINT_DTYPES.some((d) => d === dtype);
}

/** A tensor's downloaded values as checkpoint data; tfjs returns Float32Array for float32 and Int32Array for int32. */
function asCheckpointTensor(name: string, tensor: tf.Tensor, values: unknown): CheckpointTensor {
  const dtype = tensor.dtype as CheckpointDtype;
  const expected = dtype === 'float32' ? Float32Array : Int32Array;
  if (!(values instanceof expected))
    throw new Error(`writeCheckpoint: tensor '${name}' (${dtype}) downloaded as ${Object.prototype.toString.call(values)}`);
  return { shape: [...tensor.shape], dtype, values };
}

/**
 * Save `meta` (epoch, step, RNG and iterator state, config: any JSON) and the
 * named tensors to `path` with {@link writeFileAtomic}, so an interrupted
 * save leaves the previous checkpoint whole. Tensors are read with `data()`
 * (no sync download stalls a GPU backend's queue) and stay owned by the caller.
 */
export async function writeCheckpoint(path: string, meta: unknown, tensors: NamedTensors): Promise<void> {
  checkNamedTensors(tensors);
  const values: (readonly [string, CheckpointTensor])[] = [];
  for (const [name, tensor] of tensors) values.push([name, asCheckpointTensor(name, tensor, await tensor.data())]);
  await writeFileAtomic(path, encodeCheckpoint(meta, values));
}

/**
 * The synchronous twin of {@link writeCheckpoint} (`dataSync`, then
 * {@link writeFileAtomicSync}), for the SIGINT handler, which must finish
 * before the process exits.
 */
export function writeCheckpointSync(path: string, meta: unknown, tensors: NamedTensors): void {
  checkNamedTensors(tensors);
  const values = tensors.map(([name, tensor]) => [name, asCheckpointTensor(name, tensor, tensor.dataSync())] as const);
  writeFileAtomicSync(path, encodeCheckpoint(meta, values));
}
