import type { ChainArchitecture, ChainSpace, HierarchicalArchitecture, HierarchicalSpace } from '../space/api.js';
import { motifGroupName } from '../space/index.js';
import type { RowChoice, Selection } from './api.js';
import { motifEdges, motifOptions } from './motif.js';

/**
 * The rows a chain genotype selects: groups `op` and `width`, one row per
 * layer with the chosen option. What the chain supernet's `fixed` mode and
 * the stand-alone chain network both run.
 */
export function chainSelection(space: ChainSpace, genotype: ChainArchitecture): Selection {
  const pick = (options: readonly (string | number)[], value: string | number, what: string): RowChoice => {
    const k = options.indexOf(value);
    if (k < 0) throw new Error(`chain genotype ${what} '${value}' is not in space '${space.name}'`);
    return { options: [k] };
  };
  return {
    op: genotype.layers.map((layer) => pick(space.ops, layer.op, 'op')),
    width: genotype.layers.map((layer) => pick(space.widths, layer.width, 'width')),
  };
}

/**
 * The rows a hierarchical genotype selects: per motif group (`l2.m0` ...),
 * one row per motif edge holding the edge's option, or nothing for an edge
 * the motif does not use. What the hierarchical supernet's `fixed` mode and
 * the stand-alone hierarchical network both run.
 */
export function hierarchicalSelection(space: HierarchicalSpace, genotype: HierarchicalArchitecture): Selection {
  const selection: Record<string, RowChoice[]> = {};
  genotype.levels.forEach((motifs, l) => {
    const options = motifOptions(space, l + 2);
    const edges = motifEdges(space, l + 2);
    motifs.forEach((motif, i) => {
      const rows: RowChoice[] = edges.map(() => ({ options: [] }));
      motif.nodes.forEach((incoming, k) => {
        for (const { from, op } of incoming) {
          const e = edges.findIndex((edge) => edge.from === from && edge.to === k + 1);
          const option = options.indexOf(op);
          if (e < 0 || option < 0)
            throw new Error(`motif ${motifGroupName(l + 2, i)} edge ${from} -> ${k + 1} (${op}) is not in the space`);
          rows[e] = { options: [option] };
        }
      });
      selection[motifGroupName(l + 2, i)] = rows;
    });
  });
  return selection;
}
