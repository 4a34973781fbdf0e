import { randomIndex, type Rng } from '../../random/index.js';
import { computationKey, enumerateGenotypes } from '../../space/index.js';
import type { Genotype, SearchSpace } from '../../space/api.js';

/** Per space object: its architectures grouped by computation (`computationKey`), in enumeration order. */
const classesBySpace = new WeakMap<SearchSpace, readonly (readonly Genotype[])[]>();

/** The architectures of `space` grouped into classes that compute the same function; enumerated once per space. */
export function computationClasses(space: SearchSpace): readonly (readonly Genotype[])[] {
  const cached = classesBySpace.get(space);
  if (cached) return cached;
  const byKey = new Map<string, Genotype[]>();
  for (const genotype of enumerateGenotypes(space)) {
    const key = computationKey(space, genotype);
    const members = byKey.get(key);
    if (members) members.push(genotype);
    else byKey.set(key, [genotype]);
  }
  const classes = [...byKey.values()];
  classesBySpace.set(space, classes);
  return classes;
}

/**
 * An architecture drawn uniformly over distinct computations, not strings:
 * a class of `computationClasses` uniformly, then one of its members
 * uniformly. Uniform strings over-train computations with many isomorphic
 * spellings (NB201: 15,625 strings, 6,466 computations), which biases the
 * shared weights toward them; drawing by computation is the de-isomorphic
 * sampling of Ning et al. ("Evaluating Efficient Performance Estimators of
 * Neural Architectures", NeurIPS 2021). The member is drawn too, so
 * the weights of every spelling still train. A space too large to enumerate
 * is a `NasError` (from `enumerateGenotypes`).
 */
export function sampleComputation(space: SearchSpace, rng: Rng): Genotype {
  const classes = computationClasses(space);
  const members = classes[randomIndex(rng, classes.length)]!;
  return members[randomIndex(rng, members.length)]!;
}
