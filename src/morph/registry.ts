import { NasError } from '../errors.js';
import type { Genotype, SearchSpace } from '../space/api.js';
import { addEdge } from './add-edge.js';
import type { Morphism, MorphSite } from './api.js';
import { deepen } from './deepen.js';
import { replaceOp } from './replace-op.js';
import { widen } from './widen.js';

/** The built-in morphisms, by name (one operator per file). */
export const MORPHISMS = {
  deepen,
  widen,
  'add-edge': addEdge,
  'replace-op': replaceOp,
} satisfies Record<string, Morphism>;

export type MorphismName = keyof typeof MORPHISMS;

const extra = new Map<string, Morphism>();

/** Add a morphism for a custom space; built-in names cannot be replaced. */
export function registerMorphism(morphism: Morphism): void {
  if (morphism.name in MORPHISMS || extra.has(morphism.name)) throw new NasError(`morphism '${morphism.name}' is already registered`);
  extra.set(morphism.name, morphism);
}

export function knownMorphisms(): string[] {
  return [...Object.keys(MORPHISMS), ...extra.keys()];
}

/** A morphism by name; an unknown one is a one-line error listing the known ones. */
export function morphismByName(name: string): Morphism {
  const m = (MORPHISMS as Record<string, Morphism>)[name] ?? extra.get(name);
  if (!m) throw new NasError(`unknown morphism '${name}' (known: ${knownMorphisms().join(', ')})`);
  return m;
}

/** One applicable morphism: its name and site (plain data, saved in histories). */
export interface MorphStep {
  readonly morphism: string;
  readonly site: MorphSite;
}

/** Every (morphism, site) that applies to the genotype: what Lamarckian evolution draws a child's change from. */
export function applicableSteps(space: SearchSpace, genotype: Genotype): MorphStep[] {
  return knownMorphisms().flatMap((name) =>
    morphismByName(name)
      .sites(space, genotype)
      .map((site) => ({ morphism: name, site })),
  );
}
