import * as tf from '@tensorflow/tfjs';
import type { CandidateEdge, HierarchicalSpace } from '../space/api.js';
import { motifGroupName, motifShape, supernetEdges } from '../space/index.js';
import type { SeedStream } from '../ops/init.js';
import { Module, type Op } from '../ops/module.js';
import { createOp } from '../ops/registry.js';
import type { Selection } from './api.js';

import { lookup, mixTerms, sumTerms } from './mix.js';

/**
 * Which options exist on edge `edge` of the motif `index` of `level`: all of
 * them in a supernet, the genotype's one (or none) in a stand-alone network.
 */
export type MotifEdgeOptions = (level: number, index: number, edge: number) => readonly string[];

/**
 * One placement of a hierarchical motif (Liu et al. 2018): a DAG whose edges
 * hold options of the level below (primitives at level 2, whole motif
 * placements above), each with its own weights: in a supernet every option,
 * in a stand-alone network the genotype's, under the same names
 * (`edges.<edge>.<option>`), so weights carry over by name. Node 0 is the
 * input; a node sums its edges; the last node is the output. Architecture
 * parameters are per motif, not per placement, so every placement of `l2.m3`
 * shares them.
 */
export class Motif extends Module {
  private readonly edges: readonly CandidateEdge[];
  private readonly options: readonly string[];
  private readonly candidates: Map<string, Motif | Op | null>[];

  constructor(
    private readonly space: HierarchicalSpace,
    private readonly level: number,
    private readonly index: number,
    channels: number,
    affine: boolean,
    seeds: SeedStream,
    edgeOptions: MotifEdgeOptions = (at) => motifOptions(space, at),
  ) {
    super();
    const spec = space.levels[level - 2];
    if (!spec) throw new Error(`space '${space.name}' has no level ${level}`);
    this.edges = motifEdges(space, level);
    this.options = motifOptions(space, level);
    this.candidates = this.edges.map((_, e) => {
      const children = new Map<string, Motif | Op | null>();
      for (const name of edgeOptions(level, index, e)) {
        const child =
          level === 2 || name === space.noneOp
            ? createOp(name, { cIn: channels, cOut: channels, stride: 1, affine, poolBn: false }, seeds)
            : new Motif(space, level - 1, Number(name.slice(1)), channels, affine, seeds, edgeOptions); // `m<i>` (motifName)
        if (child) this.addModule(`edges.${e}.${name}`, child);
        children.set(name, child);
      }
      return children;
    });
  }

  /** Runs with the selection of every motif group (this motif's rows and those below). */
  forward(x: tf.Tensor4D, selection: Selection, training: boolean): tf.Tensor4D {
    const rows = selection[motifGroupName(this.level, this.index)] ?? [];
    const states: tf.Tensor4D[] = [x];
    const nodes = this.space.levels[this.level - 2]?.nodes ?? 1;
    for (let node = 1; node < nodes; node++) {
      const terms = this.edges.flatMap((edge, e) => {
        if (edge.to !== node) return [];
        return mixTerms(rows[e], this.options, (name) => {
          const child = lookup(this.candidates[e]!, name, `motif ${motifGroupName(this.level, this.index)} edge ${e}`);
          if (!child) return null;
          const input = states[edge.from]!;
          return child instanceof Motif ? child.forward(input, selection, training) : child.forward(input, training);
        });
      });
      states.push(sumTerms(terms, () => tf.zerosLike(x)));
    }
    return states[states.length - 1]!;
  }
}

/** Edge options of the motifs at `level`: the primitives at level 2, `none` and the motifs below above it. */
export function motifOptions(space: HierarchicalSpace, level: number): readonly string[] {
  return motifShape(space, level - 2).ops;
}

/** Edges of the motifs at `level`, in the order their decision rows follow. */
export function motifEdges(space: HierarchicalSpace, level: number): readonly CandidateEdge[] {
  return supernetEdges(motifShape(space, level - 2));
}
