import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import type { CellArchitecture, CellSpace, Genotype, SearchSpace } from '../../src/space/api.js';
import { canonicalString, deriveGenotype, motifGroupName, motifShape, sampleGenotype, supernetEdges } from '../../src/space/index.js';
import { createRng } from '../../src/random/index.js';

/** Weights that put `strong` on each chosen option and `none` (when present) on unchosen edges. */
function weightsFor(space: SearchSpace, genotype: Genotype): Record<string, number[][]> {
  if (space.kind === 'cell') {
    const arch = genotype as CellArchitecture;
    const none = space.ops.indexOf(space.noneOp ?? '');
    return Object.fromEntries(
      space.cellTypes.map((type) => {
        const rows = supernetEdges(space).map((edge) => {
          const row = space.ops.map(() => 0.01);
          const chosen = arch.cells[type]!.nodes[edge.to - space.inputs]!.find((e) => e.from === edge.from);
          if (chosen) row[space.ops.indexOf(chosen.op)] = 0.9 - 0.01 * edge.from;
          else if (none >= 0) row[none] = 0.95;
          return row;
        });
        return [type, rows];
      }),
    );
  }
  if (space.kind === 'chain') {
    const layers = (genotype as { layers: readonly { op: string; width: number }[] }).layers;
    return {
      op: layers.map((l) => space.ops.map((op) => (op === l.op ? 1 : 0))),
      width: layers.map((l) => space.widths.map((w) => (w === l.width ? 1 : 0))),
    };
  }
  const levels = (genotype as { levels: readonly (readonly CellArchitecture['cells']['normal'][])[] }).levels;
  return Object.fromEntries(
    levels.flatMap((motifs, l) =>
      motifs.map((motif, i) => {
        const shape = motifShape(space, l);
        const rows = supernetEdges(shape).map((edge) => {
          const op = motif!.nodes[edge.to - 1]!.find((e) => e.from === edge.from)!.op;
          return shape.ops.map((o) => (o === op ? 1 : 0));
        });
        return [motifGroupName(l + 2, i), rows];
      }),
    ),
  );
}

describe('deriveGenotype', () => {
  it.each(['darts', 'nb201', 'chain', 'hierarchical'])('%s: weights peaked on a genotype derive that genotype', (name) => {
    const space = spaceByName(name);
    for (let i = 0; i < 5; i++) {
      const genotype = sampleGenotype(space, createRng(`derive/${name}/${i}`));
      expect(canonicalString(deriveGenotype(space, weightsFor(space, genotype)))).toBe(canonicalString(genotype));
    }
  });

  it('DARTS rule: ignores none, keeps the two strongest edges per node, each with its strongest op', () => {
    const space = spaceByName('darts') as CellSpace;
    const ops = space.ops;
    const row = (weights: Record<string, number>) => ops.map((op) => weights[op] ?? 0);
    // Node 2 (edges 0->2, 1->2) and node 3 (edges 0->3, 1->3, 2->3); the rest uniform.
    const rows = supernetEdges(space).map(() => row({}));
    rows[0] = row({ none: 0.9, sep_conv_3x3: 0.05, max_pool_3x3: 0.04 });
    rows[1] = row({ dil_conv_5x5: 0.2, skip_connect: 0.1 });
    rows[2] = row({ none: 0.99, avg_pool_3x3: 0.001 });
    rows[3] = row({ sep_conv_5x5: 0.3 });
    rows[4] = row({ skip_connect: 0.25, none: 0.7 });
    const genotype = deriveGenotype(space, { normal: rows, reduce: rows }) as CellArchitecture;
    expect(genotype.cells.normal!.nodes[0]).toEqual([
      { from: 1, op: 'dil_conv_5x5' },
      { from: 0, op: 'sep_conv_3x3' },
    ]);
    expect(genotype.cells.normal!.nodes[1]).toEqual([
      { from: 1, op: 'sep_conv_5x5' },
      { from: 2, op: 'skip_connect' },
    ]);
  });

  it('NB201 rule: argmax per edge, none included', () => {
    const space = spaceByName('nb201') as CellSpace;
    const rows = supernetEdges(space).map((_, e) => space.ops.map((_, k) => (k === e % space.ops.length ? 1 : 0)));
    const genotype = deriveGenotype(space, { normal: rows });
    expect(canonicalString(genotype)).toBe('|none~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_3x3~0|avg_pool_3x3~1|none~2|');
  });

  it('names a missing decision group', () => {
    expect(() => deriveGenotype(spaceByName('darts'), { normal: [] })).toThrow(/decision group 'reduce'/);
  });
});
