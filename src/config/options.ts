import type { z } from 'zod';
import { NasError } from '../errors.js';

/** The command-line spelling of a setting's key: `weightLr` -> `--weight-lr`. */
export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** A setting's key from its flag spelling: `--weight-lr` or `weight-lr` -> `weightLr`. */
export function keyOf(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** How a value is shown in an error: strings quoted, the rest as JSON. */
function shown(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/**
 * The first problem zod found, as one line naming the setting the way the
 * user wrote it (`--tau-min must be > 0, got -1`, or `unknown setting
 * 'tauMn' (known: ...)`). One line, because the CLI prints a `NasError` as
 * one line and stops.
 */
export function describeIssue(issue: z.core.$ZodIssue, known: readonly string[], where = ''): string {
  const at = where === '' ? '' : ` in ${where}`;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '?';
    return `unknown setting '${[...issue.path, key].join('.')}'${at} (known: ${known.join(', ')})`;
  }
  const key = issue.path.join('.');
  const input = (issue as { input?: unknown }).input;
  const got = input === undefined ? '' : `, got ${shown(input)}`;
  const message = issue.message.replace(/^Invalid input: /, '');
  return `${key === '' ? 'settings' : flagOf(key)} ${message.charAt(0).toLowerCase()}${message.slice(1)}${got}${at}`;
}

/**
 * Validate `input` against `schema` (defaults filled in); the first problem
 * is a one-line `NasError` naming the setting. `where` says which file or
 * strategy the settings belong to, for the message.
 */
export function parseSettings<S extends z.ZodType>(schema: S, input: unknown, known: readonly string[], where = ''): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new NasError(issue ? describeIssue(issue, known, where) : `invalid settings${where === '' ? '' : ` in ${where}`}`);
}

/** The keys of an object schema (what a config file or the command line may set). */
export function settingKeys(schema: { readonly shape: Readonly<Record<string, unknown>> }): string[] {
  return Object.keys(schema.shape);
}

/** A schema field's help text (`.describe()`), for flag help. */
export function settingHelp(schema: { readonly shape: Readonly<Record<string, unknown>> }, key: string): string {
  const field = schema.shape[key] as { description?: string } | undefined;
  return field?.description ?? '';
}
