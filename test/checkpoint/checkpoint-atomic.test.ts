import * as tf from '@tensorflow/tfjs';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { NasError } from '../../src/errors.js';
import { readCheckpoint, writeCheckpoint, writeCheckpointSync } from '../../src/checkpoint/index.js';
import { expectNasError } from '../helpers/expect-nas-error.js';
import { useTempDir } from './temp-dir.js';

const dir = useTempDir();
let file = '';
let old: Uint8Array = new Uint8Array(0);

/** An existing checkpoint the failing writes below must leave exactly as it is. */
beforeEach(async () => {
  file = join(dir(), 'state.ckpt');
  const w = tf.tensor([1, 2, 3]);
  try {
    await writeCheckpoint(file, { epoch: 4 }, [['w', w]]);
  } finally {
    w.dispose();
  }
  old = readFileSync(file);
});

/** The old checkpoint is byte for byte intact, still loads, and no temp file is left. */
async function expectOldIntact(): Promise<void> {
  expect(readFileSync(file)).toEqual(old);
  expect((await readCheckpoint(file)).meta).toEqual({ epoch: 4 });
  expect(readdirSync(dir())).toEqual(['state.ckpt']);
}

describe('a failed checkpoint write leaves the previous checkpoint intact', () => {
  it('when reading a tensor fails midway (async and sync)', async () => {
    const ok = tf.tensor([4, 5, 6]);
    const lost = tf.tensor([7]);
    lost.dispose(); // data() of a disposed tensor rejects, as a lost device would
    try {
      await expect(
        writeCheckpoint(file, { epoch: 5 }, [
          ['w', ok],
          ['lost', lost],
        ]),
      ).rejects.toThrow(/disposed/);
      await expectOldIntact();
      expect(() =>
        writeCheckpointSync(file, { epoch: 5 }, [
          ['w', ok],
          ['lost', lost],
        ]),
      ).toThrow(/disposed/);
      await expectOldIntact();
    } finally {
      ok.dispose();
    }
  });

  it('when the file cannot be written (a parent that is a file, which stops root too)', async () => {
    writeFileSync(join(dir(), 'blocker'), '');
    const target = join(dir(), 'blocker', 'state.ckpt');
    const w = tf.tensor([1]);
    try {
      await expectNasError(() => writeCheckpoint(target, {}, [['w', w]]), `cannot write ${target}: `, '(ENOTDIR)');
      await expectNasError(() => writeCheckpointSync(target, {}, [['w', w]]), `cannot write ${target}: `, '(ENOTDIR)');
    } finally {
      w.dispose();
    }
    expect(readdirSync(dir()).sort()).toEqual(['blocker', 'state.ckpt']);
    expect(readFileSync(file)).toEqual(old);
  });

  it('duplicate names are a bug (plain Error), refused before any file is touched', async () => {
    const w = tf.tensor([1]);
    try {
      const write = writeCheckpoint(file, {}, [
        ['w', w],
        ['w', w],
      ]);
      await expect(write).rejects.toThrow("duplicate tensor name 'w'");
      await expect(write).rejects.not.toBeInstanceOf(NasError);
      expect(() =>
        writeCheckpointSync(file, {}, [
          ['w', w],
          ['w', w],
        ]),
      ).toThrow("duplicate tensor name 'w'");
    } finally {
      w.dispose();
    }
    await expectOldIntact();
  });

  it('tensors of other dtypes are refused', async () => {
    const flags = tf.tensor([true, false], [2], 'bool');
    try {
      await expect(writeCheckpoint(file, {}, [['flags', flags]])).rejects.toThrow(
        "tensor 'flags' is bool; checkpoints hold float32 and int32",
      );
    } finally {
      flags.dispose();
    }
    await expectOldIntact();
  });
});
