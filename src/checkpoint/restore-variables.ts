import * as tf from '@tensorflow/tfjs';
import { NasError } from '../errors.js';
import { formatShape, type CheckpointTensor, type LoadedCheckpoint } from './format.js';

/** Named variables to fill, e.g. a supernet's weights and architecture parameters. */
export type NamedVariables = readonly (readonly [string, tf.Variable])[];

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Assign each target variable the same-named tensor of a loaded checkpoint.
 * Every target is checked before any is assigned, so a checkpoint from another
 * architecture or config fails with one line naming the first missing tensor
 * or mismatched shape and leaves the model untouched, instead of resuming a
 * half-restored run. `what` names the source in messages, e.g.
 * `checkpoint runs/darts/state.ckpt`. Checkpoint tensors without a target are
 * ignored: a run may restore its weights and its optimizer from one file in
 * two calls.
 */
export function restoreVariables(loaded: LoadedCheckpoint, targets: NamedVariables, what = 'checkpoint'): void {
  const sources = targets.map(([name, variable]): CheckpointTensor => {
    const source = loaded.tensors.get(name);
    if (source === undefined) throw new NasError(`${what} has no tensor '${name}'`);
    if (!sameShape(source.shape, variable.shape)) {
      throw new NasError(`tensor '${name}' has shape ${formatShape(source.shape)} in the ${what}, ${formatShape(variable.shape)} here`);
    }
    if (source.dtype !== variable.dtype) {
      throw new NasError(`tensor '${name}' is ${source.dtype} in the ${what}, ${variable.dtype} here`);
    }
    return source;
  });
  tf.tidy(() => {
    targets.forEach(([, variable], i) => {
      const { values, shape, dtype } = sources[i]!;
      // A copy: the cpu backend keeps the array it is given, and the loaded values stay the caller's.
      variable.assign(tf.tensor(values.slice(), shape, dtype));
    });
  });
}
