import { describe, expect, it } from 'vitest';
import { namedGenotype, spaceByName } from '../../cells/index.js';
import { cellDot, dotQuote, genotypeSvgs, renderSvg } from '../../src/report/index.js';
import type { CellSpace } from '../../src/space/api.js';
import { expectNasError } from '../helpers/expect-nas-error.js';
import { countGroups, expectSvg, svgTexts } from './svg-helpers.js';

/** A space as a user could hand it over without `registerSpace`'s name check: op names that try to break out of DOT strings. */
const HOSTILE: CellSpace = {
  kind: 'cell',
  name: 'hostile',
  ops: ['none', 'x"]; evil [label="pwned', '<b>bold</b>', 'back\\slash\\', 'a&lt;b', 'two\nlines'],
  inputs: 1,
  nodes: 2,
  edgesPerNode: 'all',
  cellTypes: ['normal'],
  output: 'last-node',
  noneOp: 'none',
};

describe('DOT labels are escaped', () => {
  it('quotes, backslashes, ampersands and newlines cannot leave the string', () => {
    expect(dotQuote('a"b')).toBe('"a\\"b"');
    expect(dotQuote('trailing\\')).toBe('"trailing\\\\"');
    expect(dotQuote('x&lt;y')).toBe('"x&amp;lt;y"');
    expect(dotQuote('one\ntwo\r\nthree\u0007')).toBe('"one\\ntwo\\nthree "');
  });

  it('hostile op names and titles render as literal text, adding no node or edge', async () => {
    const cell = {
      nodes: [
        [{ from: 0, op: 'x"]; evil [label="pwned' }],
        [
          { from: 0, op: '<b>bold</b>' },
          { from: 1, op: 'back\\slash\\' },
        ],
      ],
      concat: [2],
    };
    const title = 'title"]; } digraph { injected [label="<i>';
    const svg = await renderSvg(cellDot(HOSTILE, cell, title));
    expectSvg(svg);
    expect(countGroups(svg, 'node')).toBe(1 + 2 + 1);
    expect(countGroups(svg, 'edge')).toBe(3 + 1);
    const texts = svgTexts(svg);
    for (const shown of ['x"]; evil [label="pwned', '<b>bold</b>', 'back\\slash\\', title]) expect(texts).toContain(shown);
    expect(texts).not.toContain('pwned');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('<i>');
  });

  it('an entity-like name prints as written and a newline splits the label', async () => {
    const cell = {
      nodes: [
        [{ from: 0, op: 'a&lt;b' }],
        [
          { from: 0, op: 'two\nlines' },
          { from: 1, op: 'none' },
        ],
      ],
      concat: [2],
    };
    const texts = svgTexts(await renderSvg(cellDot(HOSTILE, cell, 'entities')));
    expect(texts).toContain('a&lt;b');
    expect(texts).toContain('two');
    expect(texts).toContain('lines');
  });
});

describe('user errors are one line', () => {
  it('a DOT syntax error is a NasError quoting Graphviz', async () => {
    await expectNasError(() => renderSvg('digraph { a -> }'), 'cannot render the diagram', 'syntax error');
  });

  it('a genotype of another space is refused before drawing', async () => {
    await expectNasError(() => genotypeSvgs(spaceByName('nb201'), namedGenotype('DARTS_V2')), 'genotype.space');
  });

  it('an edge from a node the cell does not have is refused', () => {
    const cell = { nodes: [[{ from: 5, op: '<b>bold</b>' }], []], concat: [2] };
    expect(() => cellDot(HOSTILE, cell, 't')).toThrow(/node 5 is outside 0\.\.2/);
  });
});
