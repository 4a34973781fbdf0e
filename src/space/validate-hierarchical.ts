import type { HierarchicalArchitecture, HierarchicalSpace } from './api.js';
import { cellGraph } from './cell-graph.js';
import { motifShape } from './cell-rules.js';
import { checkGraph } from './check-graph.js';
import { fail, plural, readArray, readObject } from './fields.js';
import { validateCell } from './validate-cell.js';

/**
 * Reads an untrusted hierarchical genotype (Liu et al. 2018): for each level
 * from 2 up, as many motifs as the space has, each a DAG over the level's
 * nodes whose edges carry a primitive (level 2) or a motif of the level below.
 */
export function validateHierarchical(space: HierarchicalSpace, value: unknown): HierarchicalArchitecture {
  const record = readObject(value, 'genotype', ['kind', 'space', 'levels']);
  const levels = readArray(record.levels, 'genotype.levels');
  if (levels.length !== space.levels.length) {
    fail('genotype.levels', `${plural(levels.length, 'level')}, the ${space.name} space has ${space.levels.length}`);
  }
  return {
    kind: 'hierarchical',
    space: space.name,
    levels: space.levels.map((spec, l) => {
      const path = `genotype.levels[${l}]`;
      const motifs = readArray(levels[l], path);
      if (motifs.length !== spec.motifs) {
        fail(path, `${plural(motifs.length, 'motif')}, level ${l + 2} of the ${space.name} space has ${spec.motifs}`);
      }
      const shape = motifShape(space, l);
      return motifs.map((motif, i) => {
        const cell = validateCell(shape, motif, `${path}[${i}]`);
        checkGraph(cellGraph(space, cell), ['0'], cell.concat.map(String), `${path}[${i}]`);
        return cell;
      });
    }),
  };
}
