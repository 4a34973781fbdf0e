import type { FinishedRun } from '../../runs/finished-run.js';
import { cosineLr } from '../../train/optim/schedule.js';
import { resolveSearchConfig, type SearchConfig } from '../run/config.js';
import type { Restriction } from './restriction.js';
import { restrictedOptionsSchema } from './spec.js';

/**
 * The learning rate a parent supernet's cosine schedule had reached where its
 * checkpoint was taken (`parent.epochs` of its `config.epochs`): continuing
 * from there, rather than restarting at the peak, keeps the inherited
 * weights' ranking instead of shaking it loose (a few-shot sub-supernet or a
 * pruned supernet then decays on to the parent's minimum).
 */
export function parentLearningRate(parent: FinishedRun): number {
  const { weightLr, weightLrMin } = parent.config.weights;
  return cosineLr(Math.min(parent.epochs, parent.config.epochs), parent.config.epochs, weightLr, weightLrMin);
}

/**
 * The search config that continues `parent` on a restricted space: the
 * parent's data, network, seed family and weight recipe, SPOS's derivation
 * settings it had, strategy `spos-restricted` with `restriction`, `epochs`
 * new epochs starting at `weightLr`. Registers nothing: the caller has
 * registered `spos-restricted`.
 */
export function continuedConfig(
  parent: FinishedRun,
  settings: { readonly epochs: number; readonly seed: string; readonly weightLr: number; readonly restriction: Restriction },
): SearchConfig {
  const inherited = Object.fromEntries(
    Object.entries(parent.config.options).filter(
      ([key]) => key in restrictedOptionsSchema.shape && !['splitEdges', 'splitOps', 'keep'].includes(key),
    ),
  );
  const { restriction } = settings;
  return resolveSearchConfig(
    {
      ...parent.config,
      strategy: 'spos-restricted',
      epochs: settings.epochs,
      seed: settings.seed,
      weights: { ...parent.config.weights, weightLr: settings.weightLr },
      options: { ...inherited, splitEdges: [...restriction.splitEdges], splitOps: [...restriction.splitOps], keep: [...restriction.keep] },
    },
    `the continuation of ${parent.dir}`,
  );
}
