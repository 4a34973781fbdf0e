import { randomIndex } from '../../random/index.js';
import { supernetEdges } from '../../space/index.js';
import type { DecisionGroup, OptionMask, SampledMode } from '../../supernet/api.js';
import { SinglePathStrategy } from './single-path.js';

/** One path: an option of a row. */
interface Path {
  readonly row: number;
  readonly option: number;
}

/**
 * The paths into each node of a group: for a cell space every non-`none` op
 * of every edge into the node (rows are the supernet's edges); for other
 * spaces each row is a node of its own.
 */
export function nodePaths(group: DecisionGroup, rowTarget: (row: number) => number): Path[][] {
  const nodes = new Map<number, Path[]>();
  for (let row = 0; row < group.rows; row++) {
    const target = rowTarget(row);
    const paths = nodes.get(target) ?? [];
    group.options.forEach((name, option) => {
      if (name !== 'none') paths.push({ row, option });
    });
    nodes.set(target, paths);
  }
  return [...nodes.values()];
}

/**
 * Draw one path-dropout mask (Bender et al. 2018): each of a node's `k`
 * incoming paths is dropped independently with probability `r^(1/k)`, so a
 * node loses all its inputs with probability `r` whatever its fan-in; when it
 * does, one of its paths, drawn uniformly, is kept (a node always has an
 * input). Returns `mask[row][option]`.
 */
export function dropPathMask(group: DecisionGroup, nodes: readonly Path[][], r: number, rng: () => number): OptionMask {
  const mask = Array.from({ length: group.rows }, () => group.options.map(() => false));
  for (const paths of nodes) {
    if (paths.length === 0) continue;
    const drop = r ** (1 / paths.length);
    let kept = 0;
    for (const { row, option } of paths) {
      if (rng() >= drop) {
        mask[row]![option] = true;
        kept++;
      }
    }
    if (kept === 0) {
      const { row, option } = paths[randomIndex(rng, paths.length)]!;
      mask[row]![option] = true;
    }
  }
  return mask;
}

/**
 * Fixed-distribution path dropout (Bender et al. 2018, "Understanding and
 * Simplifying One-Shot Architecture Search"): every op on every edge of the
 * supernet is trained, each step with a random subset of paths zeroed; the
 * rate `r` rises linearly from 0 to `dropRate` over the run. The kept paths
 * are summed unweighted (`masked` mode: dropped ops are not computed). No
 * architecture parameters are learnt; architectures are then scored as the
 * supernet restricted to their ops. BatchNorm: each batch is normalised on its
 * own statistics (the paper's ghost batch normalisation with one ghost batch
 * per batch, at the batch sizes a CPU runs).
 */
export class PathDropout extends SinglePathStrategy {
  readonly name = 'pathdrop';

  /** The drop rate `r` at step `step` (linear from 0 to `dropRate`). */
  rate(step: number): number {
    return this.options.dropRate * this.progress(step);
  }

  protected paths(step: number, rng: () => number): SampledMode[] {
    const { supernet } = this.b;
    const space = supernet.space;
    const edges = space.kind === 'cell' ? supernetEdges(space) : null;
    const r = this.rate(step);
    const masks = Object.fromEntries(
      supernet.decisions().map((group) => {
        const nodes = nodePaths(group, (row) => edges?.[row]?.to ?? row);
        return [group.name, dropPathMask(group, nodes, r, rng)];
      }),
    );
    return [{ kind: 'masked', masks }];
  }
}
