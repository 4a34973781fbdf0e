import { CommanderError } from 'commander';
import { NasError, firstLine } from '../errors.js';

/**
 * Turn any error into one line on stderr and an exit code: user errors
 * (`NasError`, bad flags) say what is wrong; anything else is reported as an
 * internal error, with its stack only when NAS_DEBUG is set.
 */
export function reportError(error: unknown, stderr: (line: string) => void): number {
  if (error instanceof CommanderError) {
    // commander has already printed its own one-line message.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof NasError) {
    stderr(`nas: ${error.message}`);
    return error.exitCode;
  }
  if (isOutOfMemory(error)) {
    stderr(`nas: the wasm heap (at most 4 GB) ran out (${firstLine(error)}); lower --batch-size or --channels`);
    return 3;
  }
  stderr(`nas: internal error: ${firstLine(error)}`);
  if (process.env['NAS_DEBUG'] && error instanceof Error && error.stack) stderr(error.stack);
  return 1;
}

/**
 * How wasm reports a step that needs more than its 4 GB heap: an abort, or a
 * failed allocation that surfaces as an out-of-bounds access.
 */
function isOutOfMemory(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'RuntimeError') return false;
  return /Aborted\(|memory access out of bounds|Cannot enlarge memory|out of memory/i.test(error.message);
}
