import { bootstrapCI, kendallTauB, type BootstrapInterval } from '../../analysis/stats/index.js';
import { createRng } from '../../random/index.js';

/** Kendall tau of the parent and of the fine-tuned supernet against the truth, over the whole pool and within the kept share. */
export interface PruneAgreement {
  readonly pool: number;
  readonly kept: number;
  readonly all: { readonly parent: BootstrapInterval; readonly tuned: BootstrapInterval };
  readonly within: { readonly parent: BootstrapInterval; readonly tuned: BootstrapInterval };
  /** The truth table's seed-to-seed tau (one seed's training against another's) over the pool and the kept share, when it kept two seeds. */
  readonly seeds: { readonly all: BootstrapInterval; readonly within: BootstrapInterval } | null;
}

/**
 * How pruning and fine-tuning changed the supernet's ranking: Kendall tau-b
 * with a 95% percentile bootstrap interval (resampled architectures, paired
 * with the truth; seeded, so the report replays), for the parent and the
 * fine-tuned supernet, over every pool architecture and over the kept ones
 * alone: fine-tuning on the kept share should sharpen the ranking there
 * (Ning et al. NeurIPS 2021), whatever it does to the rest.
 */
export function pruneAgreement(
  parent: readonly number[],
  tuned: readonly number[],
  truth: readonly number[],
  kept: readonly number[],
  options: {
    readonly seed: string;
    readonly bootstrap: number;
    readonly seedPairs?: readonly [readonly number[], readonly number[]] | null;
  },
): PruneAgreement {
  const tau = (scores: readonly number[], indices: readonly number[], tag: string, against: readonly number[] = truth) =>
    bootstrapCI(
      (idx) =>
        kendallTauB(
          idx.map((j) => scores[indices[j]!]!),
          idx.map((j) => against[indices[j]!]!),
        ),
      indices.length,
      { samples: options.bootstrap, rng: createRng(`${options.seed}/prune/${tag}`) },
    );
  const every = truth.map((_, i) => i);
  return {
    pool: every.length,
    kept: kept.length,
    all: { parent: tau(parent, every, 'all/parent'), tuned: tau(tuned, every, 'all/tuned') },
    within: { parent: tau(parent, kept, 'kept/parent'), tuned: tau(tuned, kept, 'kept/tuned') },
    seeds: options.seedPairs
      ? {
          all: tau(options.seedPairs[0], every, 'all/seeds', options.seedPairs[1]),
          within: tau(options.seedPairs[0], kept, 'kept/seeds', options.seedPairs[1]),
        }
      : null,
  };
}
