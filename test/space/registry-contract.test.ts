import { describe, expect, it } from 'vitest';
import { BUILTIN_SPACES, spaceByName, spaceNames } from '../../cells/index.js';
import { createRng } from '../../src/random/index.js';
import {
  canonicalString,
  checkSpace,
  countGenotypes,
  genotypeFromJson,
  genotypeHash,
  genotypeToJson,
  mutateGenotype,
  neighbours,
  parseGenotype,
  sampleGenotype,
  validateGenotype,
} from '../../src/space/index.js';
import { decisionItems, deeplyFrozen, itemsOnlyIn } from './helpers.js';

// Every registered space gets the same contract, so a new space is tested by registering it.
describe.each(spaceNames())('the %s space', (name) => {
  const space = spaceByName(name);

  it('is coherent and registered under its own name', () => {
    expect(space.name).toBe(name);
    expect(() => checkSpace(space)).not.toThrow();
    expect(deeplyFrozen(space)).toBe(true);
  });

  it('round-trips samples through validation, JSON, the canonical string and the hash', () => {
    const rng = createRng(`contract/${name}`);
    for (let i = 0; i < 20; i++) {
      const genotype = sampleGenotype(space, rng);
      expect(deeplyFrozen(genotype)).toBe(true);
      expect(validateGenotype(space, genotype)).toEqual(genotype);
      expect(validateGenotype(space, JSON.parse(JSON.stringify(genotype)))).toEqual(genotype);
      const fromJson = genotypeFromJson(space, genotypeToJson(genotype));
      expect(fromJson).toEqual(genotype);
      const text = canonicalString(genotype);
      const parsed = parseGenotype(space, text);
      expect(parsed).toEqual(genotype);
      expect(canonicalString(parsed)).toBe(text);
      expect(genotypeHash(parsed)).toBe(genotypeHash(genotype));
      expect(genotypeHash(genotype)).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('samples reproducibly from a seed, and differently from another seed', () => {
    const draw = (seed: string) => canonicalString(sampleGenotype(space, createRng(seed)));
    expect(draw('a')).toBe(draw('a'));
    expect(new Set(['a', 'b', 'c', 'd'].map(draw)).size).toBeGreaterThan(1);
  });

  it('mutates to a valid, different genotype one decision away', () => {
    const rng = createRng(`mutate/${name}`);
    let genotype = sampleGenotype(space, rng);
    for (let i = 0; i < 20; i++) {
      const next = mutateGenotype(space, genotype, rng);
      expect(validateGenotype(space, next)).toEqual(next);
      expect(canonicalString(next)).not.toBe(canonicalString(genotype));
      expect(itemsOnlyIn(decisionItems(next), decisionItems(genotype))).toHaveLength(1);
      genotype = next;
    }
  });

  it('lists neighbours that are distinct, valid and each one decision away', () => {
    const genotype = sampleGenotype(space, createRng(`neighbours/${name}`));
    const all = neighbours(space, genotype);
    expect(all.length).toBeGreaterThan(0);
    const strings = all.map(canonicalString);
    expect(new Set(strings).size).toBe(all.length);
    expect(strings).not.toContain(canonicalString(genotype));
    for (const neighbour of all) {
      expect(itemsOnlyIn(decisionItems(neighbour), decisionItems(genotype))).toHaveLength(1);
      expect(validateGenotype(space, neighbour)).toEqual(neighbour);
    }
  });

  it('counts at least one genotype', () => {
    expect(countGenotypes(space)).toBeGreaterThan(0n);
  });
});

describe('genotype counts', () => {
  it('match the published sizes', () => {
    // DARTS, per cell: C(2,2)·C(3,2)·C(4,2)·C(5,2) source pairs times 7^8 ops (none excluded).
    expect(countGenotypes(BUILTIN_SPACES.darts)).toBe((180n * 7n ** 8n) ** 2n);
    expect(countGenotypes(BUILTIN_SPACES.nb201)).toBe(15_625n);
    expect(countGenotypes(BUILTIN_SPACES.chain)).toBe(18n ** 8n);
    expect(countGenotypes(BUILTIN_SPACES.hierarchical)).toBe(7n ** 46n);
  });

  it('neighbourhood sizes follow from the space rules', () => {
    const darts = BUILTIN_SPACES.darts;
    // Per cell: 8 edges x 6 other ops, plus moves to an unused source: 0 + 2·1 + 2·2 + 2·3.
    expect(neighbours(darts, sampleGenotype(darts, createRng(1)))).toHaveLength(2 * (48 + 12));
    const nb201 = BUILTIN_SPACES.nb201;
    expect(neighbours(nb201, sampleGenotype(nb201, createRng(1)))).toHaveLength(6 * 4);
  });
});
