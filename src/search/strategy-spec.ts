import type { z } from 'zod';
import type { Strategy } from './api.js';
import type { SearchConfig } from './run/config.js';

/**
 * A one-shot strategy as the toolkit knows it: its name, the schema of its
 * own options (keys are the flags' camelCase names, each field with its
 * default and help), and how to make one. Everything a run needs beyond
 * that (weights trainer, data, supernet, loop, checkpoints, logs) is shared,
 * so a strategy registered from a user's script gets all of it.
 */
export interface StrategySpec<S extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  /** One line for `nas search --help`. */
  readonly summary: string;
  readonly options: S;
  /** True when the strategy handles PC-DARTS partial channels (edge normalisation), so `partialChannels > 1` is allowed. */
  readonly partialChannels?: boolean;
  /** A new, not yet set-up strategy with validated options; `config` is the whole run's (weight trainer, partial channels ...). */
  create(options: z.output<S>, config: SearchConfig): Strategy;
}

/** Typed identity: checks a spec against its option schema where it is written. */
export function defineStrategy<S extends z.ZodObject>(spec: StrategySpec<S>): StrategySpec<S> {
  return spec;
}
