import { match } from 'ts-pattern';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SPACES, namedGenotype, spaceByName, type BuiltinSpaceName } from '../../cells/index.js';
import type { Genotype } from '../../src/space/index.js';

// Type-level tests: `npm test` type-checks this file, so an `@ts-expect-error`
// that stops being an error (a match that became exhaustive by accident, a
// name that slipped into the table) fails the suite.

function layerCount(genotype: Genotype): number {
  return match(genotype)
    .with({ kind: 'cell' }, (g) => Object.keys(g.cells).length)
    .with({ kind: 'chain' }, (g) => g.layers.length)
    .with({ kind: 'hierarchical' }, (g) => g.levels.length)
    .exhaustive();
}

function missingKind(genotype: Genotype): number {
  return (
    match(genotype)
      .with({ kind: 'cell' }, () => 1)
      .with({ kind: 'chain' }, () => 2)
      // @ts-expect-error: the hierarchical kind is not handled
      .exhaustive()
  );
}

describe('types', () => {
  it('an exhaustive match over genotype kinds compiles; a partial one does not', () => {
    expect(layerCount(namedGenotype('DARTS_V1'))).toBe(2);
    expect(() => missingKind({ kind: 'hierarchical', space: 'hierarchical', levels: [] })).toThrow();
  });

  it('the built-in table is typed by name', () => {
    const darts = spaceByName('darts');
    expect(darts.edgesPerNode satisfies 2).toBe(2);
    // @ts-expect-error: 'nasnet' is not a built-in space name
    const unknown: BuiltinSpaceName = 'nasnet';
    expect(unknown in BUILTIN_SPACES).toBe(false);
    // @ts-expect-error: the table has no such key
    expect(BUILTIN_SPACES.nasnet).toBeUndefined();
  });
});
