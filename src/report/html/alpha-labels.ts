import { match } from 'ts-pattern';
import { spaceByName } from '../../../cells/index.js';
import type { CandidateEdge, SearchSpace } from '../../space/api.js';
import { motifShape, supernetEdges } from '../../space/index.js';

/** Names of the rows (edges, layers) and columns (ops, widths) of one decision group's alphas. */
export interface GroupLabels {
  readonly rows: readonly string[];
  readonly options: readonly string[];
}

/**
 * Labels for the alphas of decision group `group`, the way the supernet lays
 * them out (see `DecisionGroup`): a cell group's rows are the candidate edges
 * of `supernetEdges` and its columns the space's ops; the chain groups `op`
 * and `width` have one row per layer; a hierarchical group `l<level>.m<i>` has
 * the motif's edges and options. Edges are named as the cell diagrams name
 * their nodes (`c_{k-2} -> 0`), so a panel can be matched to the drawing.
 *
 * A space the log names but this process does not know (an extension's, added
 * with `registerSpace` in another program), or a matrix whose shape differs
 * from the space's, gets numbered labels: the numbers are still right, only
 * the names are unknown.
 */
export function alphaLabels(spaceName: string, group: string, rows: number, columns: number): GroupLabels {
  const known = knownLabels(spaceName, group);
  if (known && known.rows.length === rows && known.options.length === columns) return known;
  return { rows: numbered('row', rows), options: numbered('option', columns) };
}

function knownLabels(spaceName: string, group: string): GroupLabels | null {
  let space: SearchSpace;
  try {
    space = spaceByName(spaceName);
  } catch {
    return null;
  }
  return match(space)
    .with({ kind: 'cell' }, (s) => ({ rows: edgeLabels(s.inputs, supernetEdges(s)), options: s.ops }))
    .with({ kind: 'chain' }, (s) => {
      const layers = numbered('layer', s.depth);
      if (group === 'op') return { rows: layers, options: s.ops };
      if (group === 'width') return { rows: layers, options: s.widths.map(String) };
      return null;
    })
    .with({ kind: 'hierarchical' }, (s) => {
      const level = /^l(\d+)\./.exec(group)?.[1];
      const l = Number(level) - 2;
      if (level === undefined || l < 0 || l >= s.levels.length) return null;
      const shape = motifShape(s, l);
      return { rows: edgeLabels(shape.inputs, supernetEdges(shape)), options: shape.ops };
    })
    .exhaustive();
}

/** `from -> to` with the diagrams' node names: `c_{k-2}`, `c_{k-1}` (or `in`) for inputs, 0, 1, ... for intermediate nodes. */
function edgeLabels(inputs: number, edges: readonly CandidateEdge[]): string[] {
  const node = (n: number) => (n >= inputs ? String(n - inputs) : inputs === 1 ? 'in' : `c_{k-${inputs - n}}`);
  return edges.map((e) => `${node(e.from)} → ${node(e.to)}`);
}

function numbered(what: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${what} ${i}`);
}
