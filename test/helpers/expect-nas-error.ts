import { expect } from 'vitest';
import { NasError } from '../../src/errors.js';

/** The error must be a one-line NasError whose message contains every one of `parts`. */
function checkNasError(caught: unknown, parts: readonly string[]): string {
  expect(caught).toBeInstanceOf(NasError);
  const message = (caught as NasError).message;
  expect(message).not.toContain('\n');
  for (const part of parts) expect(message).toContain(part);
  return message;
}

/** Assert that `run` (sync or async) fails with a one-line NasError containing every one of `parts`. */
export async function expectNasError(run: () => unknown, ...parts: string[]): Promise<string> {
  try {
    await run();
  } catch (error) {
    return checkNasError(error, parts);
  }
  return checkNasError(null, parts);
}

/** The synchronous twin of `expectNasError`, for code that throws before returning. */
export function expectNasErrorSync(run: () => unknown, ...parts: string[]): string {
  try {
    run();
  } catch (error) {
    return checkNasError(error, parts);
  }
  return checkNasError(null, parts);
}
