import { z } from 'zod';
import {
  SinglePathStrategy,
  type SamplerOptions,
  defineStrategy,
  deriveFields,
  registerStrategy,
  sampleGenotype,
} from '../../src/index.js';
import type { SampledMode } from '../../src/supernet/api.js';

/** SPOS after a warm-up in which every step trains every op of every edge at once (`masked` mode, all options on). */
class WarmSpos extends SinglePathStrategy {
  readonly name = 'warm-spos';

  constructor(
    options: Partial<SamplerOptions>,
    private readonly warmupEpochs: number,
  ) {
    super(options);
  }

  protected paths(step: number, rng: () => number): SampledMode[] {
    const { supernet, context } = this.b;
    if (step >= this.warmupEpochs * context.stepsPerEpoch) return [{ kind: 'fixed', genotype: sampleGenotype(supernet.space, rng) }];
    const all = supernet.decisions().map((g) => [g.name, Array.from({ length: g.rows }, () => g.options.map(() => true))]);
    return [{ kind: 'masked', masks: Object.fromEntries(all) }];
  }
}

/** Its name, its options (a flag and a config key each, with a default and help) and how to make one. */
export const WARM_SPOS = defineStrategy({
  name: 'warm-spos',
  summary: 'SPOS after a warm-up training every path at once',
  options: z.strictObject({
    ...deriveFields,
    warmupEpochs: z.number().int().min(0).describe('warm-spos: epochs that train every path (default 1)').default(1),
  }),
  create: ({ warmupEpochs, ...options }, config) => new WarmSpos({ ...config.weights, ...options }, warmupEpochs),
});

/** Register it (registering the same spec again is a no-op): `runSearch`, `nas search warm-spos`, `--config` files all know it now. */
export function registerWarmSpos(): void {
  registerStrategy(WARM_SPOS);
}
