import type { CellSkeleton } from '../../supernets/index.js';
import type { CellArchitecture, CellSpace, Genotype } from '../space/api.js';
import { supernetEdges } from '../space/index.js';
import { SeedStream } from '../ops/init.js';
import { NasError } from '../errors.js';
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
  /** PC-DARTS partial channels K (ops see 1/K of each edge's channels); 1 is off. */
  readonly partialChannels?: number;
  /**
   * BatchNorm of the candidate ops with learnt scale and shift (default
   * false, DARTS' convention). Off, an op's output scale cannot be learnt by
   * a gamma that every architecture sharing it pulls a different way; Ning et
   * al. ("Evaluating Efficient Performance Estimators of Neural
   * Architectures", NeurIPS 2021) find affine-off supernets rank better.
   * The fixed parts (stem, reductions, last BN) keep theirs.
   */
  readonly affine?: boolean;
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
    const k = options.partialChannels ?? 1;
    // Checked before any weight exists: cell widths are C, 2C, 4C, so K must divide C.
    if (!Number.isInteger(k) || k < 1 || skeleton.channels % k !== 0) {
      throw new NasError(
        `partial channels K=${k} must be a positive integer dividing the ${skeleton.channels} channels of the first cells`,
      );
    }
    const seeds = new SeedStream(options.seed ?? 0);
    const network = buildCellNetwork(
      cellSpace,
      skeleton,
      {
        edgeOps: () => cellSpace.ops,
        affine: options.affine ?? false,
        poolBn: searchPoolBn(skeleton),
        recomputeCells: options.recomputeCells ?? false,
        partialChannels: options.partialChannels ?? 1,
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
