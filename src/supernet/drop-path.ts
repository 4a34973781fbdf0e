import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '../random/index.js';

/**
 * Drop-path (Larsson et al. 2017, as DARTS retrains with it): while training,
 * each op output in a cell other than an identity is zeroed for a random
 * subset of the batch's samples and scaled by `1 / keep` elsewhere.
 * Networks read `prob` and call `mask` during a training forward pass; the
 * trainer sets the probability (DARTS: linearly from 0 to its maximum over
 * the epochs) and reseeds per step, so a resumed run draws the same masks.
 */
export class DropPath {
  private probability = 0;
  private rng: Rng = createRng('drop-path');

  get prob(): number {
    return this.probability;
  }

  /** Set the drop probability (in [0, 1)) and the seed of the next masks. */
  set(prob: number, seed: string): void {
    if (!(prob >= 0 && prob < 1)) throw new Error(`drop-path probability must be in [0, 1), got ${prob}`);
    this.probability = prob;
    this.rng = createRng(seed);
  }

  /** A `[batch, 1, 1, 1]` mask of kept samples, already scaled by `1 / (1 - prob)`. */
  mask(batch: number): tf.Tensor4D {
    const keep = 1 - this.probability;
    const values = new Float32Array(batch);
    for (let i = 0; i < batch; i++) values[i] = this.rng() < keep ? 1 / keep : 0;
    return tf.tensor4d(values, [batch, 1, 1, 1]);
  }
}
