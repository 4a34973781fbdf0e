import { describe, expect, it } from 'vitest';
import { NB201_SPACE, namedGenotype, spaceByName } from '../../cells/index.js';
import { cellDot, genotypeSvgs, renderSvg } from '../../src/report/index.js';
import type { CellArchitecture, CellSpace, CellType } from '../../src/space/api.js';
import { parseGenotype } from '../../src/space/index.js';
import { countGroups, expectSvg, svgTexts } from './svg-helpers.js';

const DARTS = spaceByName('darts') as CellSpace;
const V2 = namedGenotype('DARTS_V2') as CellArchitecture;

describe('DARTS cells as SVG', () => {
  it.each<CellType>(['normal', 'reduce'])('DARTS_V2 %s cell: inputs, numbered nodes, op-labelled edges, c_{k}', async (type) => {
    const cell = V2.cells[type]!;
    const svg = await renderSvg(cellDot(DARTS, cell, `DARTS_V2 ${type}`));
    expectSvg(svg);
    const texts = svgTexts(svg);
    for (const label of ['c_{k-2}', 'c_{k-1}', 'c_{k}', '0', '1', '2', '3']) expect(texts).toContain(label);
    for (const edge of cell.nodes.flat()) expect(texts).toContain(edge.op);
    const edges = cell.nodes.flat().length;
    expect(edges).toBe(8);
    expect(countGroups(svg, 'edge')).toBe(edges + cell.concat.length);
    expect(countGroups(svg, 'node')).toBe(2 + 4 + 1);
  });

  it('genotypeSvgs gives one file per cell type, named by type', async () => {
    const svgs = await genotypeSvgs(DARTS, V2);
    expect(svgs.map((s) => s.name)).toEqual(['cell-normal.svg', 'cell-reduce.svg']);
    for (const { svg } of svgs) {
      expectSvg(svg);
      expect(countGroups(svg, 'edge')).toBe(12);
    }
    expect(svgTexts(svgs[1]!.svg)).toContain('max_pool_3x3');
  });
});

describe('NAS-Bench-201 cells as SVG', () => {
  const text = '|nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';

  it('draws no none edge but keeps every node, and feeds c_{k} from the last node only', async () => {
    const [only, ...rest] = await genotypeSvgs(NB201_SPACE, parseGenotype(NB201_SPACE, text));
    expect(rest).toEqual([]);
    expect(only!.name).toBe('cell-normal.svg');
    const svg = only!.svg;
    expectSvg(svg);
    const texts = svgTexts(svg);
    expect(texts).not.toContain('none');
    expect(svg).not.toContain('none<');
    for (const label of ['in', '0', '1', '2', 'c_{k}', 'nor_conv_3x3', 'skip_connect']) expect(texts).toContain(label);
    expect(texts).not.toContain('c_{k-1}');
    expect(countGroups(svg, 'node')).toBe(1 + 3 + 1);
    expect(countGroups(svg, 'edge')).toBe(5 + 1);
  });

  it('the DOT has the five real edges and one output edge, from the last node', () => {
    const cell = (parseGenotype(NB201_SPACE, text) as CellArchitecture).cells.normal!;
    const edges = cellDot(NB201_SPACE, cell, 'nb201')
      .split('\n')
      .filter((line) => line.includes('->'));
    expect(edges).toHaveLength(6);
    expect(edges.filter((line) => line.includes('-> out'))).toEqual(['  n2 -> out;']);
  });
});
