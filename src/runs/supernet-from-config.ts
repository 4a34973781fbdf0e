import { spaceByName } from '../../cells/index.js';
import type { SearchConfig } from '../search/run/config.js';
import { createSupernet } from '../supernet/index.js';
import type { Supernet } from '../supernet/api.js';

/** What a consumer of a search's supernet may choose that does not change its weights or their names. */
export interface SupernetFromConfigOptions {
  /**
   * Recompute cells in the backward pass (gradient checkpointing). Defaults
   * to the search's own `checkpointCells`; consumers that never take a
   * gradient (estimators, weight inheritance) may turn it off.
   */
  readonly recomputeCells?: boolean;
}

/**
 * The supernet of a search run, rebuilt from its config: the one place that
 * knows which config fields shape the supernet (space, skeleton with the
 * data's channels and classes already fitted, seed, PC-DARTS partial channels
 * K of Xu et al. 2020). The search itself, the supernet estimator and weight
 * inheritance all build through it, so a field added here reaches all of them
 * (before it, `--inherit` from a PC-DARTS run built a K=1 supernet whose
 * weights did not fit the checkpoint). Variables start from the config's
 * seed; a caller restores a checkpoint into `namedTensors()`. The caller
 * disposes the supernet.
 */
export function supernetFromConfig(
  config: Pick<SearchConfig, 'space' | 'skeleton' | 'seed' | 'checkpointCells' | 'partialChannels' | 'affineOps'>,
  options: SupernetFromConfigOptions = {},
): Supernet {
  return createSupernet(spaceByName(config.space), config.skeleton, {
    seed: config.seed,
    recomputeCells: options.recomputeCells ?? config.checkpointCells ?? false,
    // Configs written before PC-DARTS existed have no partialChannels: K=1.
    partialChannels: config.partialChannels ?? 1,
    affine: config.affineOps ?? false,
  });
}
