export type { Direction, NetworkCostConfig, Objective } from './api.js';
export { networkObjective } from './network-objective.js';
export { paramsObjective } from './params.js';
export { multAddsObjective } from './mult-adds.js';
export { LATENCY_DEFAULTS, latencyObjective, type LatencyOptions } from './latency.js';
export { OBJECTIVES, objectiveByName, objectiveNames, registerObjective, type ObjectiveFactory } from './registry.js';
