/** The leak guard's verdict: null when the tensor count is unchanged. */
export function leakMessage(before: number, after: number): string | null {
  if (after === before) return null;
  const verb = after > before ? 'leaked' : 'disposed';
  return `test ${verb} ${Math.abs(after - before)} tensor(s) it did not own (tf.memory().numTensors ${before} -> ${after})`;
}
