import { match } from 'ts-pattern';
import type { CellSkeleton, Skeleton } from '../../supernets/index.js';
import type { CellArchitecture, CellSpace, CellType, Genotype, SearchSpace } from '../space/api.js';
import { motifGroupName } from '../space/index.js';
import { NasError } from '../errors.js';
import type { SeedStream } from '../ops/init.js';
import type { Selection } from './api.js';
import { ChainNetwork } from './chain-network.js';
import type { DropPath } from './drop-path.js';
import { chainSelection, hierarchicalSelection } from './genotype-selection.js';
import { HierarchicalNetwork } from './hierarchical-network.js';
import { motifOptions } from './motif.js';
import { buildCellNetwork } from './network.js';
import { genotypeEdgeOps, genotypeRows } from './selection.js';
import type { SelectionNetwork } from './supernet-base.js';

export interface FixedNetworkOptions {
  readonly seed?: number | string;
  /** Learnable BN scale/shift in cells, layers and motifs: true for retraining, false to mirror the search supernet. */
  readonly affine?: boolean;
  /** BN after pooling ops (true to mirror the DARTS search supernet exactly; cell spaces only). */
  readonly poolBn?: boolean;
  /** Drop-path in the cells while training (DARTS evaluation recipe; cell spaces only). */
  readonly dropPath?: DropPath;
  /** An auxiliary head (DARTS skeleton only); needs `inputSize`. */
  readonly auxiliary?: boolean;
  /** Input height (= width), for the auxiliary head. */
  readonly inputSize?: number;
}

/** A stand-alone network's module and the rows its genotype selects in it. */
export interface FixedParts {
  readonly network: SelectionNetwork;
  readonly selection: Selection;
}

/**
 * The stand-alone network of a genotype of any space, built by the same
 * network class as the space's supernet with only the genotype's options in
 * it (so parameters are named alike and weights carry over by name), and the
 * selection that runs them. A genotype, skeleton or option that does not fit
 * the space is a one-line `NasError`.
 */
export function fixedParts(
  space: SearchSpace,
  skeleton: Skeleton,
  genotype: Genotype,
  options: FixedNetworkOptions,
  seeds: SeedStream,
): FixedParts {
  const mismatch = (what: string) => new NasError(`${what} does not fit the ${space.kind} space '${space.name}'`);
  if (genotype.kind !== space.kind) throw mismatch(`a ${genotype.kind} genotype`);
  const cellOnly = (name: string, given: boolean) => {
    if (given) throw new NasError(`${name} needs a cell network; the ${space.kind} network of '${space.name}' has none`);
  };
  if (space.kind !== 'cell') {
    cellOnly('an auxiliary head', options.auxiliary ?? false);
    cellOnly('drop-path', options.dropPath !== undefined);
    cellOnly('BN after pooling', options.poolBn ?? false);
  }
  const affine = options.affine ?? true;
  return match(space)
    .with({ kind: 'cell' }, (s) => {
      if (skeleton.kind !== 'darts' && skeleton.kind !== 'nb201') throw mismatch(`skeleton '${skeleton.kind}'`);
      return cellParts(s, skeleton, genotype as CellArchitecture, options, seeds);
    })
    .with({ kind: 'chain' }, (s) => {
      if (skeleton.kind !== 'chain') throw mismatch(`skeleton '${skeleton.kind}'`);
      const { layers } = genotype as Extract<Genotype, { kind: 'chain' }>;
      if (layers.length !== s.depth) throw mismatch(`a chain genotype of ${layers.length} layers (the space has ${s.depth})`);
      const selection = chainSelection(s, genotype as Extract<Genotype, { kind: 'chain' }>);
      const widths = layers.map((layer) => layer.width);
      const network = new ChainNetwork(s, skeleton, (l) => [layers[l]!.op], { affine, poolBn: false, widths }, seeds);
      return { network, selection };
    })
    .with({ kind: 'hierarchical' }, (s) => {
      if (skeleton.kind !== 'hierarchical') throw mismatch(`skeleton '${skeleton.kind}'`);
      const selection = hierarchicalSelection(s, genotype as Extract<Genotype, { kind: 'hierarchical' }>);
      const network = new HierarchicalNetwork(s, skeleton, affine, seeds, (level, index, edge) => {
        const row = selection[motifGroupName(level, index)]?.[edge];
        const names = motifOptions(s, level);
        return (row?.options ?? []).map((k) => names[k]!);
      });
      return { network, selection };
    })
    .exhaustive();
}

/** A cell genotype's network: the chosen ops on each edge of every cell of its type. */
function cellParts(
  space: CellSpace,
  skeleton: CellSkeleton,
  genotype: CellArchitecture,
  options: FixedNetworkOptions,
  seeds: SeedStream,
): FixedParts {
  const opsByType = new Map<CellType, string[][]>();
  const selection: Record<string, ReturnType<typeof genotypeRows>> = {};
  for (const type of space.cellTypes) {
    const cell = genotype.cells[type];
    if (!cell) throw new Error(`the genotype has no ${type} cell`);
    opsByType.set(
      type,
      genotypeEdgeOps(space, cell).map((ops) => ops.map((k) => space.ops[k]!)),
    );
    selection[type] = genotypeRows(space, cell);
  }
  const network = buildCellNetwork(
    space,
    skeleton,
    {
      edgeOps: (type, e) => opsByType.get(type)?.[e] ?? [],
      affine: options.affine ?? true,
      poolBn: options.poolBn ?? false,
      ...(options.dropPath ? { dropPath: options.dropPath } : {}),
      ...(options.auxiliary ? { auxiliary: true } : {}),
      ...(options.inputSize !== undefined ? { inputSize: options.inputSize } : {}),
    },
    seeds,
  );
  return { network, selection };
}
