import { NasError } from '../errors.js';

/**
 * Small readers for untrusted JSON: each failure is one line naming the field
 * path (`genotype.cells.normal.nodes[2][1].op: ...`), so a hand-edited
 * genotype file says exactly where it is wrong.
 */

/** A short description of a value for an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export function fail(path: string, message: string): never {
  throw new NasError(`${path}: ${message}`);
}

/** A plain object whose keys (each a `what`) are all in `known`, and all of `required` present. */
export function readObject(
  value: unknown,
  path: string,
  known: readonly string[],
  required = known,
  what = 'field',
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, `expected an object, got ${describe(value)}`);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) fail(`${path}.${key}`, `unknown ${what} (known: ${known.join(', ')})`);
  }
  for (const key of required) {
    if (!(key in record)) fail(`${path}.${key}`, 'missing');
  }
  return record;
}

export function readArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) fail(path, `expected an array, got ${describe(value)}`);
  return value;
}

export function readString(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, `expected a string, got ${describe(value)}`);
  return value;
}

export function readIndex(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    fail(path, `expected a node index (an integer >= 0), got ${describe(value)}`);
  }
  return value;
}

/** `value` if it is one of `known`, else an error listing them. */
export function readChoice<T extends string | number>(value: unknown, path: string, what: string, known: readonly T[]): T {
  if (!known.includes(value as T)) fail(path, `unknown ${what} ${describe(value)} (known: ${known.join(', ')})`);
  return value as T;
}

/** `n thing` / `n things`. */
export function plural(n: number, thing: string): string {
  return `${n} ${thing}${n === 1 ? '' : 's'}`;
}
