import { InvalidArgumentError } from 'commander';

/** Parse an integer flag value; anything else is commander's one-line "invalid argument" error. */
export function intArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('not an integer.');
  return n;
}

/** Parse a number flag value. */
export function numberArg(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('not a number.');
  return n;
}

/** The command-line spelling of an option's property name: `weightLr` -> `weight-lr`. */
export function flagName(property: string): string {
  return property.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
