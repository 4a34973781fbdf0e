import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';

/**
 * Seeds for parameter initialisers, drawn in construction order from one
 * network seed, so the same seed builds the same weights on every backend.
 */
export class SeedStream {
  private readonly rng: seedrandom.PRNG;

  constructor(seed: number | string) {
    this.rng = seedrandom.alea(`init/${seed}`);
  }

  next(): number {
    return Math.floor(this.rng() * 2 ** 31);
  }
}

/**
 * PyTorch's default conv/linear initialisation (kaiming-uniform with a = sqrt(5)):
 * U(-1/sqrt(fanIn), 1/sqrt(fanIn)). Keeps the toolkit's runs comparable with
 * the DARTS reference code.
 */
export function fanInUniform(shape: number[], fanIn: number, seeds: SeedStream): tf.Tensor {
  const bound = 1 / Math.sqrt(fanIn);
  return tf.randomUniform(shape, -bound, bound, 'float32', seeds.next());
}
