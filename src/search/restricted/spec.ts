import { z } from 'zod';
import { registerStrategy, type StrategySpec } from '../registry.js';
import { defineStrategy } from '../strategy-spec.js';
import { deriveFields, uniquePathsField } from '../samplers/options.js';
import { RestrictedSpos } from './restricted-spos.js';

/** A restricted SPOS's options: SPOS's, the split edges and their ops, and the kept architectures. */
export const restrictedOptionsSchema = z.strictObject({
  ...deriveFields,
  ...uniquePathsField,
  splitEdges: z
    .array(z.number().int().min(0), { error: 'must be a list of edge indices' })
    .describe('spos-restricted: edges whose op is fixed (few-shot split)')
    .default([]),
  splitOps: z.array(z.string(), { error: 'must be a list of op names' }).describe('spos-restricted: the op of each split edge').default([]),
  keep: z
    .array(z.string(), { error: 'must be a list of architecture strings' })
    .describe('spos-restricted: the architectures kept (prune-and-fine-tune); empty: all')
    .default([]),
});

/**
 * SPOS on a restricted space, the strategy of few-shot sub-supernets and of
 * prune-and-fine-tune. Not a built-in: `nas few-shot` and `nas prune`
 * register it before they search (and on `--resume`), since its options are
 * lists no `nas search` flag takes.
 */
export const RESTRICTED_SPOS_STRATEGY = defineStrategy({
  name: 'spos-restricted',
  summary: 'SPOS on the architectures of a few-shot split or a pruned space',
  options: restrictedOptionsSchema,
  create: (options, config) => new RestrictedSpos({ ...config.weights, ...options }),
});

/** Register the restricted SPOS for this process (again: a no-op). */
export function registerRestrictedSpos(): StrategySpec {
  return registerStrategy(RESTRICTED_SPOS_STRATEGY) as unknown as StrategySpec;
}
