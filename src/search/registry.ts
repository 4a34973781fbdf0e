import type { z } from 'zod';
import { NasError } from '../errors.js';
import { DARTS_STRATEGY } from './darts/spec.js';
import { ENAS_STRATEGY } from './enas/spec.js';
import { GDAS_STRATEGY } from './gdas/spec.js';
import type { StrategySpec } from './strategy-spec.js';
import { COMMON_SETTING_KEYS } from './run/settings.js';
export { defineStrategy, type StrategySpec } from './strategy-spec.js';
import { FAIR_STRATEGY, PATH_DROPOUT_STRATEGY, SPOS_STRATEGY } from './samplers/specs.js';

/** The built-in strategies: a typed table, so a name without a spec fails to compile. */
export const BUILTIN_STRATEGIES = {
  darts: DARTS_STRATEGY,
  gdas: GDAS_STRATEGY,
  enas: ENAS_STRATEGY,
  spos: SPOS_STRATEGY,
  pathdrop: PATH_DROPOUT_STRATEGY,
  fair: FAIR_STRATEGY,
} as const satisfies Record<string, StrategySpec>;

export type BuiltinStrategyName = keyof typeof BUILTIN_STRATEGIES;

/** Strategies added at run time by `registerStrategy`: explicit, never an import side effect. */
const registered = new Map<string, StrategySpec>();

/** Every strategy name: the built-ins, then registered ones in registration order. */
export function strategyNames(): string[] {
  return [...Object.keys(BUILTIN_STRATEGIES), ...registered.keys()];
}

/** A strategy's spec by name; an unknown name is a `NasError` listing the known ones. */
export function strategyByName(name: string): StrategySpec {
  const spec = Object.hasOwn(BUILTIN_STRATEGIES, name) ? BUILTIN_STRATEGIES[name as BuiltinStrategyName] : registered.get(name);
  if (spec === undefined) throw new NasError(`unknown strategy '${name}' (known: ${strategyNames().join(', ')})`);
  return spec as StrategySpec;
}

/** Every strategy's spec, built-ins first. */
export function strategySpecs(): StrategySpec[] {
  return strategyNames().map(strategyByName);
}

/**
 * Add a strategy for this process (a user's script, a variant of a built-in).
 * Its name must be new (registering the same spec again is a no-op) and its
 * option keys must not shadow a setting every run has (`epochs`, `weightLr` ...).
 */
export function registerStrategy<S extends z.ZodObject>(spec: StrategySpec<S>): StrategySpec<S> {
  if (!/^[a-z][a-z0-9-]*$/.test(spec.name))
    throw new NasError(`strategy name '${spec.name}' must be lower-case letters, digits and dashes`);
  const existing = Object.hasOwn(BUILTIN_STRATEGIES, spec.name)
    ? BUILTIN_STRATEGIES[spec.name as BuiltinStrategyName]
    : registered.get(spec.name);
  if (existing === (spec as unknown)) return spec;
  if (existing !== undefined) throw new NasError(`strategy '${spec.name}' is already registered`);
  const clash = Object.keys(spec.options.shape).find((key) => COMMON_SETTING_KEYS.includes(key));
  if (clash !== undefined) throw new NasError(`strategy '${spec.name}': option '${clash}' is a setting of every run; name it differently`);
  registered.set(spec.name, spec as unknown as StrategySpec);
  return spec;
}
