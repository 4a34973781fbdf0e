import type { Immutable } from 'immer';
import { match } from 'ts-pattern';
import { NasError } from '../errors.js';
import { cellShape, motifShape } from '../space/index.js';
import type { CellGenotype, CellShape, Genotype, SearchSpace } from '../space/api.js';

/**
 * A genotype as a fixed-length 0/1 feature vector, the input of a surrogate
 * model (the adjacency-plus-ops "one-hot" encoding of White et al. 2020,
 * "A Study on Encodings for Neural Architecture Search"):
 *
 * - cell spaces: per cell type of the space, per intermediate node, per
 *   possible source (inputs, then earlier nodes), a one-hot over the cell's
 *   ops of the edge from that source, all zeros when no edge comes from it;
 * - chain spaces: per layer a one-hot op then a one-hot width;
 * - hierarchical spaces: that cell encoding for every motif of every level.
 *
 * The length depends only on the space, and two genotypes get the same vector
 * exactly when they have the same `canonicalString` (edges are placed by
 * source, not by list position). Isomorphic cells numbered differently get
 * different vectors, as they get different strings.
 */
export function encodeGenotype(space: SearchSpace, genotype: Genotype): number[] {
  const out: number[] = [];
  match(space)
    .with({ kind: 'cell' }, (s) => {
      if (genotype.kind !== 'cell') throw kindMismatch(space, genotype);
      const shape = cellShape(s);
      for (const type of s.cellTypes) encodeCell(shape, genotype.cells[type], out);
    })
    .with({ kind: 'chain' }, (s) => {
      if (genotype.kind !== 'chain') throw kindMismatch(space, genotype);
      if (genotype.layers.length !== s.depth) throw new NasError(`${genotype.layers.length} layers, the ${s.name} space has ${s.depth}`);
      for (const layer of genotype.layers) {
        oneHot(s.ops.indexOf(layer.op), s.ops.length, out, `op '${layer.op}'`);
        oneHot(s.widths.indexOf(layer.width), s.widths.length, out, `width ${layer.width}`);
      }
    })
    .with({ kind: 'hierarchical' }, (s) => {
      if (genotype.kind !== 'hierarchical') throw kindMismatch(space, genotype);
      s.levels.forEach((spec, l) => {
        const shape = motifShape(s, l);
        for (let i = 0; i < spec.motifs; i++) encodeCell(shape, genotype.levels[l]?.[i], out);
      });
    })
    .exhaustive();
  return out;
}

/** Appends one cell's (or motif's) edges; a missing cell (a cell type the genotype lacks) encodes as zeros. */
function encodeCell(shape: CellShape, cell: Immutable<CellGenotype> | undefined, out: number[]): void {
  if (cell !== undefined && cell.nodes.length !== shape.nodes)
    throw new NasError(`${cell.nodes.length} nodes, the ${shape.space} space has ${shape.nodes}`);
  for (let k = 0; k < shape.nodes; k++) {
    const sources = shape.inputs + k;
    const start = out.length;
    for (let i = 0; i < sources * shape.ops.length; i++) out.push(0);
    for (const edge of cell?.nodes[k] ?? []) {
      const op = shape.ops.indexOf(edge.op);
      if (op < 0 || !(edge.from >= 0 && edge.from < sources))
        throw new NasError(`edge ${edge.op}~${edge.from} into node ${sources} is not of the ${shape.space} space`);
      out[start + edge.from * shape.ops.length + op] = 1;
    }
  }
}

function oneHot(index: number, size: number, out: number[], what: string): void {
  if (index < 0) throw new NasError(`${what} is not of this space`);
  for (let i = 0; i < size; i++) out.push(i === index ? 1 : 0);
}

function kindMismatch(space: SearchSpace, genotype: Genotype): NasError {
  return new NasError(`a ${genotype.kind} genotype cannot be encoded in the ${space.kind} space ${space.name}`);
}
