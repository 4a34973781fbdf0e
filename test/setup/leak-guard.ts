import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach } from 'vitest';
import { leakMessage } from './leaks.js';

// Every test must free every tensor it makes: a leak fails the test instead of
// quietly growing the heap of a long search.
let before = 0;

beforeEach(() => {
  before = tf.memory().numTensors;
});

afterEach(() => {
  const message = leakMessage(before, tf.memory().numTensors);
  if (message !== null) throw new Error(message);
});
