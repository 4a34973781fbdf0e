import { NasError } from '../errors.js';
import { loadRetrainedModel } from '../retrain/load-run.js';
import type { FixedNetwork } from '../supernet/index.js';
import { morphWeightsInto } from './apply.js';
import type { MorphStep } from './registry.js';

/**
 * Start a child's training from its parent's trained weights (Lamarckian
 * inheritance, Elsken et al. 2019): the parent's retraining run directory
 * `parentDir` (its checkpoint: the last finished epoch), morphed into the
 * child network `net`. Returns how many tensors were set.
 */
export async function inheritFromParent(parentDir: string, step: MorphStep, net: FixedNetwork, seed: number | string): Promise<number> {
  let parent: Awaited<ReturnType<typeof loadRetrainedModel>>;
  try {
    parent = await loadRetrainedModel(parentDir);
  } catch (error) {
    throw new NasError(`cannot inherit from the parent run ${parentDir}: ${(error as Error).message}`);
  }
  try {
    return morphWeightsInto(parent.net, net, step.morphism, step.site, seed);
  } finally {
    parent.net.dispose();
  }
}
