import { NasError } from '../errors.js';
import { seededPermutation } from '../random/permutation.js';
import type { DartsSplit, Dataset } from './api.js';

/** Pixel bytes of one record. */
export function recordBytes(dataset: Dataset): number {
  return dataset.height * dataset.width * dataset.channels;
}

/** A new data set of the given records, in the order given (pixels copied, so the result owns its memory). */
export function selectRecords(dataset: Dataset, indices: ArrayLike<number>, name: string): Dataset {
  const size = recordBytes(dataset);
  const images = new Uint8Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (!(i >= 0 && i < dataset.count)) throw new Error(`selectRecords: index ${i} outside 0..${dataset.count - 1}`);
    images.set(dataset.images.subarray(i * size, (i + 1) * size), k * size);
    labels[k] = dataset.labels[i]!;
  }
  return { ...dataset, name, images, labels, count: indices.length };
}

/**
 * `n` records chosen at random (seeded) and balanced over classes as far as
 * the data allows: classes take turns, each giving its next record in a
 * seeded order, so a tiny run or a shipped subset sees every class equally.
 * The records keep their original relative order.
 */
export function takeSubset(dataset: Dataset, n: number, seed: string | number): Dataset {
  if (!Number.isInteger(n) || n < 0 || n > dataset.count) {
    throw new NasError(`cannot take ${n} records from ${dataset.name}, which has ${dataset.count}`);
  }
  const byClass: number[][] = Array.from({ length: dataset.classes }, () => []);
  for (const i of seededPermutation(dataset.count, seed)) byClass[dataset.labels[i]!]!.push(i);
  const chosen: number[] = [];
  for (let round = 0; chosen.length < n; round++) {
    for (const members of byClass) {
      if (round < members.length && chosen.length < n) chosen.push(members[round]!);
    }
  }
  chosen.sort((a, b) => a - b);
  return selectRecords(dataset, chosen, `${dataset.name}/subset-${n}`);
}

/**
 * The DARTS search split (Liu et al. 2019, `train_portion`): a seeded
 * permutation of the training set, its first `portion` for the network
 * weights and the rest for the architecture parameters. The halves are
 * disjoint and together are the whole set.
 */
export function dartsSplit(train: Dataset, portion = 0.5, seed: string | number = 0): DartsSplit {
  if (!(portion > 0 && portion < 1)) throw new NasError(`DARTS train portion must be in (0, 1), got ${portion}`);
  const order = seededPermutation(train.count, seed);
  const cut = Math.floor(portion * train.count);
  return {
    train: selectRecords(train, order.subarray(0, cut), `${train.name}/darts-train`),
    val: selectRecords(train, order.subarray(cut), `${train.name}/darts-val`),
  };
}
