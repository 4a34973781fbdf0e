import { match } from 'ts-pattern';
import type { CellShape, CellSpace, HierarchicalSpace } from './api.js';

/**
 * The rules of a cell space's discrete cells. A space that keeps a fixed
 * number of edges per node (DARTS) chose each kept edge over `none`, so `none`
 * cannot label one: DARTS derivation drops it before taking the top-2 edges
 * (Liu, Simonyan, Yang 2019, sec. 2.4). A space where every earlier node feeds
 * every node (NAS-Bench-201, Dong & Yang 2020) expresses a missing edge as
 * `none`, a real choice among its five ops.
 */
export function cellShape(space: CellSpace): CellShape {
  const keepsSome = space.edgesPerNode !== 'all';
  const refused = keepsSome ? space.noneOp : null;
  return {
    space: space.name,
    inputs: space.inputs,
    nodes: space.nodes,
    edgesPerNode: space.edgesPerNode,
    ops: space.ops.filter((op) => op !== refused),
    refused,
    outputs: match(space.output)
      .with('concat-intermediate', () => range(space.inputs, space.inputs + space.nodes))
      .with('last-node', () => [space.inputs + space.nodes - 1])
      .exhaustive(),
  };
}

/**
 * The rules of the motifs at `levels[level]` (level `level + 2` in Liu et al.
 * 2018): one input node, every earlier node feeding every later one, the last
 * node the output. Edges carry a primitive at the lowest motif level and a
 * motif of the level below (`m<i>`) above it; `none` (no edge) at every level.
 */
export function motifShape(space: HierarchicalSpace, level: number): CellShape {
  const spec = space.levels[level];
  if (spec === undefined) throw new RangeError(`level index ${level} outside 0..${space.levels.length - 1}`);
  const below = level === 0 ? null : space.levels[level - 1];
  return {
    space: space.name,
    inputs: 1,
    nodes: spec.nodes - 1,
    edgesPerNode: 'all',
    ops: below === null || below === undefined ? space.primitives : [space.noneOp, ...range(0, below.motifs).map(motifName)],
    refused: null,
    outputs: [spec.nodes - 1],
  };
}

/** The op name by which a motif refers to motif `i` of the level below. */
export function motifName(i: number): string {
  return `m${i}`;
}

/** How many edges node `inputs + k` takes. */
export function edgesInto(shape: CellShape, k: number): number {
  return shape.edgesPerNode === 'all' ? shape.inputs + k : shape.edgesPerNode;
}

/** `lo, lo+1, ..., hi-1`. */
export function range(lo: number, hi: number): number[] {
  return Array.from({ length: Math.max(0, hi - lo) }, (_, i) => lo + i);
}

/** Decision-group name of motif `index` at `level` (2 = the lowest motif level), e.g. `l2.m0`. */
export function motifGroupName(level: number, index: number): string {
  return `l${level}.${motifName(index)}`;
}
