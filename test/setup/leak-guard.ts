import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { currentBackend, initBackend } from '../../src/backend/index.js';
import { leakMessage } from './leaks.js';

// Tests run on the toolkit's default engine unless a test selects another.
beforeAll(async () => {
  if (currentBackend() === null) await initBackend('wasm');
});

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
