import type { CellSkeleton } from '../../supernets/index.js';
import type { CellArchitecture, CellSpace, Genotype } from '../space/api.js';
import { supernetEdges } from '../space/index.js';
import { SeedStream } from '../ops/init.js';
import type { Selection } from './api.js';
import { buildCellNetwork, searchPoolBn } from './network.js';
import { genotypeRows } from './selection.js';
import { SupernetBase } from './supernet-base.js';

export interface SupernetOptions {
  /** Seeds weights and architecture parameters. */
  readonly seed?: number | string;
  /** Standard deviation of the initial architecture parameters (DARTS: 1e-3). */
  readonly alphaScale?: number;
  /**
   * Recompute each cell during the backward pass (gradient checkpointing):
   * far less memory for one more forward pass per cell. DARTS network only.
   */
  readonly recomputeCells?: boolean;
}

/**
 * The supernet of a cell space (DARTS, NB201): every candidate op on every
 * supernet edge exists once; one decision group per cell type, rows in
 * `supernetEdges(space)` order, options = the space's ops.
 */
export class CellSupernet extends SupernetBase {
  constructor(
    readonly cellSpace: CellSpace,
    readonly skeleton: CellSkeleton,
    options: SupernetOptions = {},
  ) {
    const seeds = new SeedStream(options.seed ?? 0);
    const network = buildCellNetwork(
      cellSpace,
      skeleton,
      {
        edgeOps: () => cellSpace.ops,
        affine: false,
        poolBn: searchPoolBn(skeleton),
        recomputeCells: options.recomputeCells ?? false,
      },
      seeds,
    );
    const rows = supernetEdges(cellSpace).length;
    const groups = cellSpace.cellTypes.map((type) => ({ name: type, rows, options: cellSpace.ops }));
    super(cellSpace, network, groups, cellSpace.noneOp, seeds, options.alphaScale ?? 1e-3);
  }

  protected fixedSelection(genotype: Genotype): Selection {
    const arch = genotype as CellArchitecture;
    return Object.fromEntries(
      this.cellSpace.cellTypes.map((type) => {
        const cell = arch.cells?.[type];
        if (!cell) throw new Error(`the genotype has no ${type} cell`);
        return [type, genotypeRows(this.cellSpace, cell)];
      }),
    );
  }
}
