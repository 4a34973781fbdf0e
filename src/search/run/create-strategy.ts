import { match } from 'ts-pattern';
import type { Strategy } from '../api.js';
import { Darts } from '../darts/darts.js';
import { PathDropout, Spos } from '../samplers/index.js';
import { Gdas } from '../gdas/index.js';
import { Enas } from '../enas/index.js';
import type { SearchConfig } from './config.js';

/** A strategy the search loop drives: the lifecycle plus its current weight learning rate (for the log). */
export type SearchStrategy = Strategy & { readonly learningRate: number };

/** The strategy a config names, with its hyper-parameters (the weight optimizer's are shared). */
export function createStrategy(config: SearchConfig): SearchStrategy {
  const { darts, sampler } = config;
  const weights = {
    weightLr: darts.weightLr,
    weightLrMin: darts.weightLrMin,
    momentum: darts.momentum,
    weightDecay: darts.weightDecay,
    gradClip: darts.gradClip,
  };
  return match(config.strategy)
    .with('darts', () => new Darts(darts))
    .with('gdas', () => {
      const { order: _order, unrolledLr: _unrolled, edgeNormalization: _edges, ...rest } = darts;
      return new Gdas(rest);
    })
    .with('enas', () => new Enas({ ...weights, ...sampler }))
    .with('spos', () => new Spos({ ...weights, ...sampler }))
    .with('pathdrop', () => new PathDropout({ ...weights, ...sampler }))
    .exhaustive();
}
