import type { Immutable } from 'immer';
import type { CellGenotype, Edge } from './api.js';
import { fail } from './fields.js';

/**
 * One cell in NAS-Bench-201's string form (Dong & Yang 2020), e.g.
 * `|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|`:
 * nodes joined by `+`, each node's edges as `op~from` between bars. Edges of
 * a node are printed sorted by source, then op, so two cells that differ only
 * in the order their edges were listed print the same (DARTS lists a node's
 * edges by weight). The output nodes are not printed: the space fixes them.
 */
export function printCell(cell: Immutable<CellGenotype>): string {
  return cell.nodes
    .map(
      (edges) =>
        `|${sortEdges(edges)
          .map((e) => `${e.op}~${e.from}`)
          .join('|')}|`,
    )
    .join('+');
}

/** A node's edges in canonical order: by source, then by op name. */
export function sortEdges(edges: readonly Immutable<Edge>[]): Edge[] {
  return [...edges].sort((a, b) => a.from - b.from || (a.op < b.op ? -1 : a.op > b.op ? 1 : 0));
}

/** Reads a cell printed by `printCell` (or NB201); `where` prefixes errors. Op names and sources are checked later, against the space. */
export function parseCellNodes(text: string, where: string): Edge[][] {
  return text.split('+').map((node, k) => {
    if (node.length < 2 || !node.startsWith('|') || !node.endsWith('|')) {
      fail(where, `node ${k} '${clip(node)}' is not of the form |op~from|op~from|`);
    }
    return node
      .slice(1, -1)
      .split('|')
      .map((edge) => {
        const parts = /^([A-Za-z0-9_]+)~(\d+)$/.exec(edge);
        if (parts === null) fail(where, `edge '${clip(edge)}' of node ${k} is not of the form op~from`);
        return { op: parts[1]!, from: Number(parts[2]) };
      });
  });
}

/** `text` cut to a length that fits in a one-line message. */
export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
