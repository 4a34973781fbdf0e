import { match } from 'ts-pattern';
import { NasError } from '../errors.js';
import type { Genotype, SearchSpace } from '../space/api.js';
import { motifGroupName, validateGenotype } from '../space/index.js';
import { cellDot } from './cell-dot.js';
import { chainDot } from './chain-dot.js';
import { motifDot } from './motif-dot.js';

/** One diagram of a genotype: a file-name stem (`cell-normal`, `chain`, `motif-l2.m0`) and its DOT text. */
export interface NamedDot {
  readonly name: string;
  readonly dot: string;
}

/**
 * The DOT diagrams that picture `genotype` in `space`, one per part a reader
 * looks at separately: each cell type of a cell space (`cell-normal`,
 * `cell-reduce`), the whole network of a chain space (`chain`), each motif of
 * a hierarchical space (`motif-l2.m0`, ..., `motif-l3.m0`, named like its
 * decision group). The genotype is validated first, so a genotype of another
 * space, or a hand-edited one, is a one-line `NasError` instead of a wrong picture.
 */
export function genotypeDots(space: SearchSpace, genotype: Genotype): NamedDot[] {
  const checked = validateGenotype(space, genotype);
  return match([space, checked] as const)
    .with([{ kind: 'cell' }, { kind: 'cell' }], ([s, g]) =>
      s.cellTypes.flatMap((type) => {
        const cell = g.cells[type];
        return cell === undefined ? [] : [{ name: `cell-${type}`, dot: cellDot(s, cell, `${s.name} ${type} cell`) }];
      }),
    )
    .with([{ kind: 'chain' }, { kind: 'chain' }], ([s, g]) => [{ name: 'chain', dot: chainDot(s, g, `${s.name} network`) }])
    .with([{ kind: 'hierarchical' }, { kind: 'hierarchical' }], ([s, g]) =>
      g.levels.flatMap((motifs, l) =>
        motifs.map((motif, i) => {
          const group = motifGroupName(l + 2, i);
          return { name: `motif-${group}`, dot: motifDot(s, motif, `${s.name} motif ${group}`) };
        }),
      ),
    )
    .otherwise(() => {
      throw new NasError(`a ${checked.kind} genotype cannot be drawn in the ${space.kind} space ${space.name}`);
    });
}
