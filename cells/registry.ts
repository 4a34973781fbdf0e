import { freeze } from 'immer';
import { NasError } from '../src/errors.js';
import type { SearchSpace } from '../src/space/api.js';
import { checkSpace } from '../src/space/check-space.js';
import { CHAIN_SPACE } from './chain.js';
import { DARTS_SPACE } from './darts.js';
import { HIERARCHICAL_SPACE } from './hierarchical.js';
import { NB201_SPACE } from './nb201.js';

/** Names of the built-in search spaces. */
export type BuiltinSpaceName = 'darts' | 'nb201' | 'chain' | 'hierarchical';

/** The built-in spaces: a typed table, so a name without a space (or the reverse) fails to compile. */
export const BUILTIN_SPACES = {
  darts: DARTS_SPACE,
  nb201: NB201_SPACE,
  chain: CHAIN_SPACE,
  hierarchical: HIERARCHICAL_SPACE,
} as const satisfies Record<BuiltinSpaceName, SearchSpace>;

/** Spaces added at run time by `registerSpace`: explicit registration, never an import side effect. */
const registered = new Map<string, SearchSpace>();

/** A search space by name: built-in (typed precisely) or registered; unknown names are a `NasError` listing the known ones. */
export function spaceByName<N extends BuiltinSpaceName>(name: N): (typeof BUILTIN_SPACES)[N];
export function spaceByName(name: string): SearchSpace;
export function spaceByName(name: string): SearchSpace {
  const space = Object.hasOwn(BUILTIN_SPACES, name) ? BUILTIN_SPACES[name as BuiltinSpaceName] : registered.get(name);
  if (space === undefined) throw new NasError(`unknown search space '${name}' (known: ${spaceNames().join(', ')})`);
  return space;
}

/** Every space name: the built-ins, then registered ones in registration order. */
export function spaceNames(): string[] {
  return [...Object.keys(BUILTIN_SPACES), ...registered.keys()];
}

/**
 * Adds a search space for this process (an extension's, a variant of a
 * built-in). The space is checked (`checkSpace`) and frozen; a name already
 * taken is a `NasError`. Returns the frozen space.
 */
export function registerSpace<S extends SearchSpace>(space: S): S {
  checkSpace(space);
  if (spaceNames().includes(space.name)) throw new NasError(`search space '${space.name}' is already registered`);
  const frozen = freeze(structuredClone(space), true);
  registered.set(space.name, frozen);
  return frozen;
}
