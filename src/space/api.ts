import type { Immutable } from 'immer';

/**
 * Search spaces and genotypes: plain, immutable data that never holds tensors.
 * A genotype is the only thing a search hands to retraining or estimation.
 *
 * Node numbering in a cell: input nodes first (`0 .. inputs-1`), then the
 * intermediate nodes. `CellGenotype.nodes[k]` lists the edges into node
 * `inputs + k`; every edge comes from an earlier node.
 */

/** One chosen edge into a node: the op applied to node `from`'s output. */
export interface Edge {
  readonly from: number;
  readonly op: string;
}

/** A discrete cell (or motif): the edges into each intermediate node, and which nodes form the output. */
export interface CellGenotype {
  readonly nodes: readonly (readonly Edge[])[];
  /** Nodes whose outputs are concatenated (DARTS) or taken (NB201: the last node) as the cell output. */
  readonly concat: readonly number[];
}

/** Cell kinds a cell-based network stacks. */
export type CellType = 'normal' | 'reduce';

/**
 * A cell-based space: DARTS (2 inputs, 4 nodes, 2 edges per node, normal +
 * reduce) and NAS-Bench-201 (1 input, 3 nodes, an edge from every earlier
 * node, one cell type) are both instances.
 */
export interface CellSpace {
  readonly kind: 'cell';
  readonly name: string;
  readonly ops: readonly string[];
  /** Number of input nodes (DARTS: the two previous cells; NB201: one). */
  readonly inputs: number;
  /** Number of intermediate nodes. */
  readonly nodes: number;
  /** Edges each intermediate node keeps: a count (DARTS: 2) or 'all' predecessors (NB201). */
  readonly edgesPerNode: number | 'all';
  readonly cellTypes: readonly CellType[];
  /** Cell output: concat of all intermediate nodes (DARTS) or the last node alone (NB201). */
  readonly output: 'concat-intermediate' | 'last-node';
  /** Op standing for "no edge" (excluded when deriving), if the space has one. */
  readonly noneOp: string | null;
}

/** A chain-structured space: a sequence of layers, each with an op and a width choice. */
export interface ChainSpace {
  readonly kind: 'chain';
  readonly name: string;
  readonly ops: readonly string[];
  readonly widths: readonly number[];
  readonly depth: number;
  /** Layers (0-based) that halve the resolution. */
  readonly reductions: readonly number[];
}

/**
 * A hierarchical space (Liu et al. 2018): level-1 primitives; each higher
 * level's motifs are DAGs (every earlier node feeds every later node) whose
 * edges carry a motif of the level below, or a primitive at the lowest motif
 * level. Node 0 is the motif input, the last node its output; a node sums its
 * inputs. Edge ops are primitive names at level 2 and `m<i>` (motif i of the
 * level below) above it; `noneOp` means no edge.
 */
export interface HierarchicalSpace {
  readonly kind: 'hierarchical';
  readonly name: string;
  readonly primitives: readonly string[];
  /** Per level from 2 upwards: how many motifs and how many nodes each has. The top level has one motif. */
  readonly levels: readonly { readonly motifs: number; readonly nodes: number }[];
  readonly noneOp: string;
}

export type SearchSpace = CellSpace | ChainSpace | HierarchicalSpace;

export interface CellArchitecture {
  readonly kind: 'cell';
  readonly space: string;
  readonly cells: Readonly<Partial<Record<CellType, CellGenotype>>>;
}

export interface ChainArchitecture {
  readonly kind: 'chain';
  readonly space: string;
  readonly layers: readonly { readonly op: string; readonly width: number }[];
}

export interface HierarchicalArchitecture {
  readonly kind: 'hierarchical';
  readonly space: string;
  /** `levels[l][i]`: motif i of level l + 2. Each motif's `nodes[k]` are edges into node k + 1. */
  readonly levels: readonly (readonly CellGenotype[])[];
}

/** A discrete architecture of any space: immutable plain JSON. */
export type Genotype = Immutable<CellArchitecture | ChainArchitecture | HierarchicalArchitecture>;

/**
 * A candidate edge of the relaxed cell a supernet trains: node `from` feeds
 * node `to` (`from < to`). Its position in `supernetEdges(space)` is the row of
 * the architecture parameters that weigh its candidate ops.
 */
export interface CandidateEdge {
  readonly from: number;
  readonly to: number;
}

/**
 * What a discrete cell (or motif) of a space must look like: the rules one
 * validator, sampler and mutator share for DARTS/NB201 cells and hierarchical
 * motifs alike. Derived from a space by `cellShape` / `motifShape`.
 */
export interface CellShape {
  /** Space name, for messages. */
  readonly space: string;
  readonly inputs: number;
  readonly nodes: number;
  readonly edgesPerNode: number | 'all';
  /** Ops an edge may carry. */
  readonly ops: readonly string[];
  /** An op of the space that this shape refuses on an edge (DARTS: none), or null. */
  readonly refused: string | null;
  /** The cell's output nodes: exactly what `CellGenotype.concat` must hold. */
  readonly outputs: readonly number[];
}
