import type { NetworkCostConfig, Objective } from './api.js';
import { networkObjective } from './network-objective.js';

/**
 * Trainable weights of the genotype's fixed network, auxiliary head left out:
 * the size papers report next to accuracy (DARTS's "Params (M)").
 * Independent of the input shape.
 */
export function paramsObjective(config: NetworkCostConfig): Objective {
  return networkObjective('params', 'min', config, (net) => net.mainParameterCount());
}
