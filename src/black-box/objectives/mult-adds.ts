import { multAdds } from '../../retrain/index.js';
import type { NetworkCostConfig, Objective } from './api.js';
import { networkObjective } from './network-objective.js';

/**
 * Multiply-adds of one inference on one image of the config's input shape,
 * counted from a kernel trace (`multAdds`: convolutions and matrix products,
 * as NASNet and DARTS report "mult-adds"). Exact and backend-independent,
 * unlike latency.
 */
export function multAddsObjective(config: NetworkCostConfig): Objective {
  return networkObjective('mult-adds', 'min', config, (net, shape) => multAdds(net, shape));
}
