import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCheckpoint, restoreVariables, writeCheckpoint, type LoadedCheckpoint } from '../../src/checkpoint/index.js';
import { expectNasError } from '../helpers/expect-nas-error.js';
import { bitsOf, floats } from './fixtures.js';
import { useTempDir } from './temp-dir.js';

const dir = useTempDir();

/** Variables shaped like a small supernet's: weights, architecture parameters, a step counter. */
function makeVariables(seed: number | null): [string, tf.Variable][] {
  const value = (shape: number[]) =>
    seed === null
      ? tf.zeros(shape)
      : tf.tensor(
          floats(
            shape.reduce((a, b) => a * b, 1),
            seed,
          ),
          shape,
        );
  return tf.tidy(() => [
    ['cells.0.edges.0.sep_conv_3x3.0.dw.weight', tf.variable(value([3, 3, 4, 1]))],
    ['stem.bn.running_var', tf.variable(value([4]), false)],
    ['alpha.normal', tf.variable(value([14, 8]))],
    ['optimizer.iterations', tf.variable(tf.scalar(seed ?? 0, 'int32'), false)],
  ]);
}

let originals: [string, tf.Variable][] = [];
let fresh: [string, tf.Variable][] = [];
let loaded: LoadedCheckpoint;

beforeEach(async () => {
  originals = makeVariables(7);
  fresh = makeVariables(null);
  const file = join(dir(), 'state.ckpt');
  await writeCheckpoint(file, { epoch: 1 }, originals);
  loaded = await readCheckpoint(file);
});

afterEach(() => {
  tf.dispose([...originals, ...fresh].map(([, v]) => v));
});

/** The values of a variable, for exact comparison. */
const bits = (v: tf.Variable) => bitsOf(v.dataSync() as Float32Array | Int32Array);

describe('restoreVariables', () => {
  it('fills fresh variables with the saved values, bit for bit', () => {
    restoreVariables(loaded, fresh);
    fresh.forEach(([name, v], i) => expect(bits(v), name).toEqual(bits(originals[i]![1])));
  });

  it('leaves the loaded arrays independent of the variables', () => {
    restoreVariables(loaded, fresh);
    loaded.tensors.get('alpha.normal')!.values.fill(0);
    expect(bits(fresh[2]![1])).toEqual(bits(originals[2]![1]));
  });

  it('names the first missing tensor and assigns nothing', async () => {
    const extra = tf.tidy(() => tf.variable(tf.zeros([2])));
    const before = bits(fresh[0]![1]);
    try {
      const name = 'cells.3.edges.5.dil_conv_5x5.0.dw.weight';
      await expectNasError(
        () => restoreVariables(loaded, [fresh[0]!, [name, extra]], 'checkpoint run/state.ckpt'),
        `checkpoint run/state.ckpt has no tensor '${name}'`,
      );
      expect(bits(fresh[0]![1])).toEqual(before);
    } finally {
      extra.dispose();
    }
  });

  it('names a shape mismatch with both shapes', async () => {
    const wrong = tf.tidy(() => tf.variable(tf.zeros([14, 7])));
    try {
      await expectNasError(
        () => restoreVariables(loaded, [['alpha.normal', wrong]]),
        "tensor 'alpha.normal' has shape [14,8] in the checkpoint, [14,7] here",
      );
    } finally {
      wrong.dispose();
    }
  });

  it('names a dtype mismatch', async () => {
    const wrong = tf.tidy(() => tf.variable(tf.scalar(0)));
    try {
      await expectNasError(
        () => restoreVariables(loaded, [['optimizer.iterations', wrong]]),
        "tensor 'optimizer.iterations' is int32 in the checkpoint, float32 here",
      );
    } finally {
      wrong.dispose();
    }
  });
});
