import { expect } from 'vitest';
import { NasError } from '../../src/errors.js';

/** Assert that `run` fails with a one-line NasError whose message contains every one of `parts`. */
export async function expectNasError(run: () => unknown, ...parts: string[]): Promise<string> {
  let caught: unknown = null;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(NasError);
  const message = (caught as NasError).message;
  expect(message).not.toContain('\n');
  for (const part of parts) expect(message).toContain(part);
  return message;
}
