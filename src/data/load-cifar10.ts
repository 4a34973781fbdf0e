import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NasError } from '../errors.js';
import type { Dataset, Split } from './api.js';
import { checkLabels } from './check-labels.js';
import { readDataFile } from './read-file.js';

const SIDE = 32;
const PLANE = SIDE * SIDE;
const PIXELS = 3 * PLANE;
/** One CIFAR-10 binary record: a label byte, then 1024 R, 1024 G, 1024 B bytes. */
export const CIFAR10_RECORD_BYTES = 1 + PIXELS;

/** Batch files of the CIFAR-10 binary version, per split. */
export const CIFAR10_FILES = {
  train: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'],
  test: ['test_batch.bin'],
} as const satisfies Record<Split, readonly string[]>;

/** Labels and HWC pixels of one CIFAR-10 batch file's bytes (CHW on disk, HWC as tfjs wants). `file` names it in errors. */
export function parseCifar10Batch(bytes: Uint8Array, file: string): { labels: Uint8Array; images: Uint8Array } {
  if (bytes.length % CIFAR10_RECORD_BYTES !== 0) {
    throw new NasError(
      `${file}: size ${bytes.length} bytes is not a multiple of ${CIFAR10_RECORD_BYTES} (1 label byte + 3072 pixel bytes per record)`,
    );
  }
  const count = bytes.length / CIFAR10_RECORD_BYTES;
  const labels = new Uint8Array(count);
  const images = new Uint8Array(count * PIXELS);
  for (let r = 0; r < count; r++) {
    const src = r * CIFAR10_RECORD_BYTES;
    labels[r] = bytes[src]!;
    const dst = r * PIXELS;
    for (let p = 0; p < PLANE; p++) {
      images[dst + 3 * p] = bytes[src + 1 + p]!;
      images[dst + 3 * p + 1] = bytes[src + 1 + PLANE + p]!;
      images[dst + 3 * p + 2] = bytes[src + 1 + 2 * PLANE + p]!;
    }
  }
  checkLabels(labels, 10, file);
  return { labels, images };
}

/** `dir` itself, or its `cifar-10-batches-bin` folder when `dir` is where the archive was unpacked. */
function batchDir(dir: string): string {
  const nested = join(dir, 'cifar-10-batches-bin');
  return !existsSync(join(dir, CIFAR10_FILES.test[0])) && existsSync(nested) ? nested : dir;
}

/** CIFAR-10 (Krizhevsky 2009), binary version: 50000 train / 10000 test 32x32 RGB images, 10 classes. */
export async function loadCifar10(dir: string, split: Split): Promise<Dataset> {
  const root = batchDir(dir);
  const parts = await Promise.all(
    CIFAR10_FILES[split].map(async (name) => {
      const file = join(root, name);
      return parseCifar10Batch(await readDataFile(file), file);
    }),
  );
  const count = parts.reduce((n, part) => n + part.labels.length, 0);
  const labels = new Uint8Array(count);
  const images = new Uint8Array(count * PIXELS);
  let at = 0;
  for (const part of parts) {
    labels.set(part.labels, at);
    images.set(part.images, at * PIXELS);
    at += part.labels.length;
  }
  return { name: `cifar10/${split}`, images, labels, count, height: SIDE, width: SIDE, channels: 3, classes: 10 };
}
