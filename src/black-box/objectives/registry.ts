import { NasError } from '../../errors.js';
import type { NetworkCostConfig, Objective } from './api.js';
import { latencyObjective } from './latency.js';
import { multAddsObjective } from './mult-adds.js';
import { paramsObjective } from './params.js';

/** Makes an objective for the networks of one configuration. */
export type ObjectiveFactory = (config: NetworkCostConfig) => Objective;

/** The built-in architecture-cost objectives, by the name `--objectives` uses (latency with its default runs). */
export const OBJECTIVES = {
  params: paramsObjective,
  'mult-adds': multAddsObjective,
  latency: (config) => latencyObjective(config),
} as const satisfies Record<string, ObjectiveFactory>;

/** Objectives added at run time by `registerObjective`, never by an import side effect. */
const registered = new Map<string, ObjectiveFactory>();

/** Every objective name: the built-ins, then registered ones in registration order. */
export function objectiveNames(): string[] {
  return [...Object.keys(OBJECTIVES), ...registered.keys()];
}

/** The objective `name` for networks of `config`; an unknown name is a `NasError` listing the known ones. */
export function objectiveByName(name: string, config: NetworkCostConfig): Objective {
  const factory = Object.hasOwn(OBJECTIVES, name) ? OBJECTIVES[name as keyof typeof OBJECTIVES] : registered.get(name);
  if (factory === undefined) throw new NasError(`unknown objective '${name}' (known: ${objectiveNames().join(', ')})`);
  return factory(config);
}

/** Adds an objective for this process (an extension's); a name already taken is a `NasError`. */
export function registerObjective(name: string, factory: ObjectiveFactory): void {
  if (objectiveNames().includes(name)) throw new NasError(`objective '${name}' is already registered`);
  registered.set(name, factory);
}
