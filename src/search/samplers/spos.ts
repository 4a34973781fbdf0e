import type { SampledMode } from '../../supernet/api.js';
import { SinglePathStrategy } from './single-path.js';

/**
 * Single Path One-Shot (Guo et al. 2020), the random one-shot baseline of
 * Li & Talwalkar: every step trains one architecture drawn uniformly from
 * the space (a valid genotype: for DARTS cells, two inputs per node and an op
 * on each), so only its ops run and only its weights move; with `uniquePaths`
 * uniform over distinct computations instead (`sampleComputation`).
 */
export class Spos extends SinglePathStrategy {
  readonly name = 'spos';

  protected paths(_step: number, rng: () => number): SampledMode[] {
    return [{ kind: 'fixed', genotype: this.draw(rng) }];
  }
}
