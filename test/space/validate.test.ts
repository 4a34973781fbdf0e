import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { CHAIN_SPACE, DARTS_SPACE, HIERARCHICAL_SPACE, NB201_SPACE, namedGenotype } from '../../cells/index.js';
import { NasError } from '../../src/errors.js';
import { createRng } from '../../src/random/index.js';
import { genotypeFromJson, sampleGenotype, validateGenotype, type Genotype, type SearchSpace } from '../../src/space/index.js';

const DARTS_V2 = namedGenotype('DARTS_V2');
const plain = (g: Genotype) => JSON.parse(JSON.stringify(g)) as Record<string, any>;

/** The one-line NasError `validateGenotype` throws for `value`. */
function errorOf(space: SearchSpace, value: unknown): string {
  try {
    validateGenotype(space, value);
  } catch (error) {
    expect(error).toBeInstanceOf(NasError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a validation error');
}

/** DARTS_V2 with one change made by `edit`. */
function darts(edit: (draft: Record<string, any>) => void): unknown {
  return produce(plain(DARTS_V2), edit);
}

const DARTS_OPS = 'max_pool_3x3, avg_pool_3x3, skip_connect, sep_conv_3x3, sep_conv_5x5, dil_conv_3x3, dil_conv_5x5';

describe('validateGenotype on the darts space names the field and the rule', () => {
  it.each([
    [
      'an unknown op',
      (g: any) => void (g.cells.normal.nodes[2][1].op = 'sep_conv_7x7'),
      `genotype.cells.normal.nodes[2][1].op: unknown op 'sep_conv_7x7' (known: ${DARTS_OPS})`,
    ],
    [
      'none on a kept edge',
      (g: any) => void (g.cells.reduce.nodes[0][0].op = 'none'),
      "genotype.cells.reduce.nodes[0][0].op: 'none' is not allowed: a derived darts cell keeps 2 real edges per node",
    ],
    [
      'an edge from a later node',
      (g: any) => void (g.cells.normal.nodes[2][1].from = 5),
      'genotype.cells.normal.nodes[2][1].from: edge from node 5 into node 4 (must come from an earlier node)',
    ],
    [
      'an edge from itself',
      (g: any) => void (g.cells.normal.nodes[0][0].from = 2),
      'genotype.cells.normal.nodes[0][0].from: edge from node 2 into node 2 (must come from an earlier node)',
    ],
    [
      'a source that is not an index',
      (g: any) => void (g.cells.normal.nodes[0][0].from = 'x'),
      "genotype.cells.normal.nodes[0][0].from: expected a node index (an integer >= 0), got 'x'",
    ],
    [
      'two edges from one node',
      (g: any) => void (g.cells.normal.nodes[1][1].from = 0),
      'genotype.cells.normal.nodes[1][1].from: a second edge from node 0 into node 3 (each edge of a node comes from a different node)',
    ],
    [
      'three edges into a node',
      (g: any) => void g.cells.normal.nodes[1].push({ from: 2, op: 'skip_connect' }),
      'genotype.cells.normal.nodes[1]: 3 edges, the darts space keeps 2 per node',
    ],
    ['a missing node', (g: any) => void g.cells.normal.nodes.pop(), 'genotype.cells.normal.nodes: 3 nodes, the darts space has 4'],
    [
      'a missing cell type',
      (g: any) => void delete g.cells.reduce,
      "genotype.cells: missing cell type 'reduce' (the darts space has normal, reduce)",
    ],
    [
      'an unknown cell type',
      (g: any) => void (g.cells.extra = g.cells.normal),
      'genotype.cells.extra: unknown cell type (known: normal, reduce)',
    ],
    [
      'a partial concat',
      (g: any) => void (g.cells.normal.concat = [2, 3, 4]),
      "genotype.cells.normal.concat: [2, 3, 4] but the darts space's cell output is [2, 3, 4, 5]",
    ],
    ['the wrong kind', (g: any) => void (g.kind = 'chain'), "genotype.kind: 'chain' but the darts space is a cell space"],
    ['another space', (g: any) => void (g.space = 'nb201'), "genotype.space: 'nb201' but this is the darts space"],
    [
      'an unknown field',
      (g: any) => void (g.cells.normal.nodes[0][0].weight = 0.3),
      'genotype.cells.normal.nodes[0][0].weight: unknown field (known: from, op)',
    ],
    [
      'an edge that is not an object',
      (g: any) => void (g.cells.normal.nodes[0][0] = ['sep_conv_3x3', 0]),
      'genotype.cells.normal.nodes[0][0]: expected an object, got an array of 2',
    ],
  ])('%s', (_, edit, message) => {
    expect(errorOf(DARTS_SPACE, darts(edit))).toBe(message);
  });

  it('a value that is not an object, or lacks its kind', () => {
    expect(errorOf(DARTS_SPACE, 'normal=...')).toBe("genotype: expected an object, got 'normal=...'");
    expect(errorOf(DARTS_SPACE, { space: 'darts' })).toBe('genotype.kind: missing');
  });

  it('JSON that does not parse', () => {
    expect(() => genotypeFromJson(DARTS_SPACE, '{"kind": "cell",')).toThrow(/^genotype JSON: .+/);
    expect(() => genotypeFromJson(DARTS_SPACE, '{"kind": "cell",')).toThrow(NasError);
  });
});

describe('validateGenotype on the other spaces', () => {
  it('nb201 takes none as a real op, and wants an edge from every earlier node', () => {
    const g = plain(sampleGenotype(NB201_SPACE, createRng(3)));
    const allNone = produce(g, (d: any) => {
      for (const node of d.cells.normal.nodes) for (const edge of node) edge.op = 'none';
    });
    expect(() => validateGenotype(NB201_SPACE, allNone)).not.toThrow();
    const short = produce(g, (d: any) => void d.cells.normal.nodes[2].pop());
    expect(errorOf(NB201_SPACE, short)).toBe(
      'genotype.cells.normal.nodes[2]: 2 edges, the nb201 space has one from every earlier node (3 into node 3)',
    );
    const concat = produce(g, (d: any) => void (d.cells.normal.concat = [1, 2, 3]));
    expect(errorOf(NB201_SPACE, concat)).toBe("genotype.cells.normal.concat: [1, 2, 3] but the nb201 space's cell output is [3]");
  });

  it('chain: depth, op and width', () => {
    const g = plain(sampleGenotype(CHAIN_SPACE, createRng(4)));
    expect(
      errorOf(
        CHAIN_SPACE,
        produce(g, (d: any) => void d.layers.pop()),
      ),
    ).toBe('genotype.layers: 7 layers, the chain space has depth 8');
    expect(
      errorOf(
        CHAIN_SPACE,
        produce(g, (d: any) => void (d.layers[3].width = 48)),
      ),
    ).toBe('genotype.layers[3].width: unknown width 48 (known: 16, 32, 64)');
    expect(
      errorOf(
        CHAIN_SPACE,
        produce(g, (d: any) => void (d.layers[0].op = 'skip')),
      ),
    ).toMatch(/^genotype\.layers\[0\]\.op: unknown op 'skip' \(known: conv_3x3, /);
  });

  it('hierarchical: levels, motifs, and motif references within the level below', () => {
    const g = plain(sampleGenotype(HIERARCHICAL_SPACE, createRng(5)));
    expect(
      errorOf(
        HIERARCHICAL_SPACE,
        produce(g, (d: any) => void d.levels.pop()),
      ),
    ).toBe('genotype.levels: 1 level, the hierarchical space has 2');
    expect(
      errorOf(
        HIERARCHICAL_SPACE,
        produce(g, (d: any) => void d.levels[0].pop()),
      ),
    ).toBe('genotype.levels[0]: 5 motifs, level 2 of the hierarchical space has 6');
    expect(
      errorOf(
        HIERARCHICAL_SPACE,
        produce(g, (d: any) => void (d.levels[1][0].nodes[3][2].op = 'm6')),
      ),
    ).toBe("genotype.levels[1][0].nodes[3][2].op: unknown op 'm6' (known: none, m0, m1, m2, m3, m4, m5)");
    expect(
      errorOf(
        HIERARCHICAL_SPACE,
        produce(g, (d: any) => void (d.levels[0][2].nodes[0][0].op = 'm0')),
      ),
    ).toMatch(/^genotype\.levels\[0\]\[2\]\.nodes\[0\]\[0\]\.op: unknown op 'm0' \(known: none, skip_connect, /);
  });
});
