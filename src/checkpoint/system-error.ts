import { getSystemErrorMap } from 'node:util';
import { firstLine } from '../errors.js';

/** The `code` of a Node system error (`ENOENT`, `EACCES` ...), or null for any other value. */
export function systemErrorCode(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' ? code : null;
}

/**
 * The OS reason of a system error as `permission denied (EACCES)`: libuv's
 * description and the code, without Node's `syscall 'path'` suffix, which names
 * the temporary file rather than the one the user asked for. Null when `error`
 * is not a system error (a bug, which keeps its own stack).
 */
export function systemErrorReason(error: unknown): string | null {
  const code = systemErrorCode(error);
  if (code === null) return null;
  const errno = (error as NodeJS.ErrnoException).errno;
  const description = typeof errno === 'number' ? getSystemErrorMap().get(errno)?.[1] : undefined;
  if (description !== undefined) return `${description} (${code})`;
  const message = firstLine(error)
    .replace(new RegExp(`^${code}:\\s*`), '')
    .replace(/,\s*\w+\s+'.*$/, '');
  return `${message} (${code})`;
}
