import { describe, expect, it } from 'vitest';
import { BUILTIN_SPACES, NB201_SPACE, registerSpace, spaceByName, spaceNames } from '../../cells/index.js';
import { NasError } from '../../src/errors.js';
import { enumerateGenotypes } from '../../src/space/index.js';

describe('the space registry', () => {
  it('holds the built-ins under their names', () => {
    expect(spaceNames().slice(0, 4)).toEqual(['darts', 'nb201', 'chain', 'hierarchical']);
    for (const [name, space] of Object.entries(BUILTIN_SPACES)) expect(spaceByName(name)).toBe(space);
  });

  it('lists the known spaces for an unknown name', () => {
    expect(() => spaceByName('nasnet')).toThrow(NasError);
    expect(() => spaceByName('nasnet')).toThrow("unknown search space 'nasnet' (known: darts, nb201, chain, hierarchical");
  });

  it('registers a checked, frozen extension once', () => {
    const small = registerSpace({ ...NB201_SPACE, name: 'nb201-small', ops: ['none', 'skip_connect', 'nor_conv_3x3'] });
    expect(spaceByName('nb201-small')).toBe(small);
    expect(Object.isFrozen(small.ops)).toBe(true);
    expect([...enumerateGenotypes(small)]).toHaveLength(3 ** 6);
    expect(() => registerSpace(small)).toThrow("search space 'nb201-small' is already registered");
    expect(() => registerSpace({ ...NB201_SPACE, name: 'darts' })).toThrow("search space 'darts' is already registered");
  });

  it('refuses incoherent spaces in one line', () => {
    expect(() => registerSpace({ ...NB201_SPACE, name: 'bad1', ops: ['none', 'a|b'] })).toThrow(
      "space 'bad1': op 'a|b': names use only letters, digits and _",
    );
    expect(() => registerSpace({ ...NB201_SPACE, name: 'bad2', noneOp: 'zero' })).toThrow(
      "space 'bad2': noneOp 'zero' is not one of the ops",
    );
    expect(() => registerSpace({ ...BUILTIN_SPACES.darts, name: 'bad3', inputs: 1 })).toThrow(
      "space 'bad3': edgesPerNode 2 but the first node has only 1 predecessors",
    );
    expect(() => registerSpace({ ...BUILTIN_SPACES.hierarchical, name: 'bad4', levels: [{ motifs: 2, nodes: 3 }] })).toThrow(
      "space 'bad4': the top level has exactly one motif",
    );
  });

  it('refuses to enumerate a space too large for it', () => {
    expect(() => enumerateGenotypes(BUILTIN_SPACES.darts)).toThrow(
      'the darts space has 1076746950455072400 genotypes, too many to enumerate (limit 1000000); use sampleGenotype or countGenotypes',
    );
  });
});
