import { match } from 'ts-pattern';
import type { Skeleton } from '../../supernets/index.js';
import type { SearchSpace } from '../space/api.js';
import { NasError } from '../errors.js';
import type { Supernet } from './api.js';
import { CellSupernet, type SupernetOptions } from './cell-supernet.js';
import { ChainSupernet } from './chain-supernet.js';
import { HierarchicalSupernet } from './hierarchical-supernet.js';

/** The supernet of any space on a skeleton of its kind; a mismatch is a one-line error. */
export function createSupernet(space: SearchSpace, skeleton: Skeleton, options: SupernetOptions = {}): Supernet {
  const mismatch = () => new NasError(`skeleton '${skeleton.kind}' does not fit the ${space.kind} space '${space.name}'`);
  return match(space)
    .with({ kind: 'cell' }, (s) => {
      if (skeleton.kind !== 'darts' && skeleton.kind !== 'nb201') throw mismatch();
      return new CellSupernet(s, skeleton, options);
    })
    .with({ kind: 'chain' }, (s) => {
      if (skeleton.kind !== 'chain') throw mismatch();
      return new ChainSupernet(s, skeleton, options);
    })
    .with({ kind: 'hierarchical' }, (s) => {
      if (skeleton.kind !== 'hierarchical') throw mismatch();
      return new HierarchicalSupernet(s, skeleton, options);
    })
    .exhaustive();
}
