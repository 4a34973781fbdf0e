import { match } from 'ts-pattern';
import type { CellType, Genotype } from './api.js';
import { printCell } from './cell-string.js';

/** Cell types in the order they are printed; a table so a new cell type fails to compile until placed. */
export const CELL_TYPE_ORDER = { normal: 0, reduce: 1 } as const satisfies Record<CellType, number>;

/**
 * A deterministic string naming the architecture, equal for equal
 * architectures (edges of a node in canonical order; fields the space fixes,
 * such as the cell output, left out), and read back by `parseGenotype`:
 *
 * - a cell space with only a normal cell (NB201): the NB201 string,
 *   `|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|...|`;
 * - a cell space with more cell types (DARTS): `normal=<cell>;reduce=<cell>`,
 *   each `<cell>` in the same NB201 form, e.g. `normal=|sep_conv_3x3~0|sep_conv_3x3~1|+...`;
 * - chain: `|op@width|op@width|...|`, one entry per layer;
 * - hierarchical: `l2=<motif>,<motif>,...;l3=<motif>`, motifs in NB201 form.
 *
 * Isomorphic but differently numbered cells (swapped intermediate nodes,
 * permuted motifs) print differently, as in NB201's own strings.
 */
export function canonicalString(genotype: Genotype): string {
  return match(genotype)
    .with({ kind: 'cell' }, (g) => {
      const types = (Object.keys(g.cells) as CellType[]).sort((a, b) => CELL_TYPE_ORDER[a] - CELL_TYPE_ORDER[b]);
      const printed = types.flatMap((type) => {
        const cell = g.cells[type];
        return cell === undefined ? [] : [{ type, text: printCell(cell) }];
      });
      const only = printed[0];
      if (printed.length === 1 && only !== undefined && only.type === 'normal') return only.text;
      return printed.map(({ type, text }) => `${type}=${text}`).join(';');
    })
    .with({ kind: 'chain' }, (g) => `|${g.layers.map((layer) => `${layer.op}@${layer.width}`).join('|')}|`)
    .with({ kind: 'hierarchical' }, (g) => g.levels.map((motifs, l) => `l${l + 2}=${motifs.map(printCell).join(',')}`).join(';'))
    .exhaustive();
}
