import { join, resolve } from 'node:path';
import { spaceByName } from '../../cells/index.js';
import { NasError } from '../errors.js';
import { RetrainEstimator, TableEstimator, type Estimator } from '../estimators/index.js';
import { loadSupernetSpec } from '../estimators/few-shot.js';
import type { BlackBoxFlags } from './black-box.js';
import {
  extrapolateEstimatorFrom,
  rankEstimatorFrom,
  retrainRequestFrom,
  supernetOptionsFrom,
  zeroCostEstimatorFrom,
} from './estimator-options.js';

/** Which estimator a spec names, and whether it trains (then it needs a tensor backend). */
export function estimatorKind(spec: string): 'table' | 'supernet' | 'retrain' | 'zc' | 'rank' | 'extrapolate' {
  const kind = spec.split(':')[0];
  if (
    (kind === 'table' || kind === 'supernet' || kind === 'zc' || kind === 'rank' || kind === 'extrapolate') &&
    spec.length > kind.length + 1
  )
    return kind;
  if (spec === 'retrain') return 'retrain';
  throw new NasError(
    `unknown estimator '${spec}' (known: table:FILE, supernet:RUN, retrain, zc:NAME, rank:SPEC,SPEC..., extrapolate:EPOCHS:INNER)`,
  );
}

/** The estimator `--estimator` names; rank: and extrapolate: build their parts through this same function. */
export async function estimatorFrom(flags: BlackBoxFlags, out: string, shouldStop: () => boolean): Promise<Estimator> {
  const spec = flags.estimator!;
  const arg = spec.slice(spec.indexOf(':') + 1);
  switch (estimatorKind(spec)) {
    case 'table':
      return new TableEstimator(spaceByName(flags.space ?? 'nb201'), arg, {
        grow: flags.tableGrow === true,
        seconds: flags.earlyStop !== undefined,
        ...(flags.dataset !== undefined ? { dataset: flags.dataset } : {}),
      });
    case 'supernet':
      return loadSupernetSpec(arg, supernetOptionsFrom(flags), flags.space);
    case 'retrain':
      return new RetrainEstimator(
        spaceByName(flags.space ?? 'nb201'),
        join(out, 'retrain'),
        retrainRequestFrom(flags, flags.seed),
        shouldStop,
      );
    case 'zc':
      return zeroCostEstimatorFrom(spec, flags);
    case 'rank':
      return rankEstimatorFrom(spec, (part) => estimatorFrom({ ...flags, estimator: part }, out, shouldStop), flags);
    case 'extrapolate':
      return extrapolateEstimatorFrom(spec, (inner) => estimatorFrom({ ...flags, estimator: inner }, out, shouldStop));
  }
}

/** `table:FILE` / `supernet:RUN` with the path made absolute. */
export function absoluteSpec(spec: string): string {
  if (spec.startsWith('rank:')) return `rank:${spec.slice(5).split(',').map(absoluteSpec).join(',')}`;
  const extrapolate = /^(extrapolate:\d+:)(.+)$/.exec(spec);
  if (extrapolate !== null) return `${extrapolate[1]}${absoluteSpec(extrapolate[2]!)}`;
  const i = spec.indexOf(':');
  return i > 0 && (spec.startsWith('table:') || spec.startsWith('supernet:')) && i < spec.length - 1
    ? `${spec.slice(0, i)}:${resolve(spec.slice(i + 1))}`
    : spec;
}
