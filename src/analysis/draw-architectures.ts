import { NasError } from '../errors.js';
import { createRng } from '../random/index.js';
import { canonicalString, computationKey, type ArchitectureMoves } from '../space/index.js';
import type { Genotype } from '../space/api.js';
import type { StudyArchitecture, StudySupernet } from './bias-api.js';

/** K distinct uniform architectures, then each supernet's preferred ones not among them. */
export function drawArchitectures(
  moves: ArchitectureMoves,
  supernets: readonly StudySupernet[],
  k: number,
  seed: string,
  unique: boolean,
): StudyArchitecture[] {
  const { space } = moves;
  if (BigInt(k) > moves.count())
    throw new NasError(`cannot draw ${k} distinct architectures from ${moves.description}: it holds ${moves.count()}`);
  const rng = createRng(`${seed}/architectures`);
  const seen = new Set<string>();
  const keyOf = (g: Genotype) => (unique ? computationKey(space, g) : canonicalString(g));
  const list: StudyArchitecture[] = [];
  for (let tries = 0; list.length < k; tries++) {
    if (tries > 100 * k) throw new NasError(`cannot draw ${k} distinct architectures from ${moves.description}`);
    const genotype = moves.sample(rng);
    const key = keyOf(genotype);
    if (seen.has(key)) continue;
    seen.add(key);
    list.push({ genotype: canonicalString(genotype), source: 'uniform' });
  }
  for (const s of supernets) {
    for (const g of s.preferred) {
      const key = keyOf(g);
      if (seen.has(key)) continue;
      seen.add(key);
      list.push({ genotype: canonicalString(g), source: s.scorer.name });
    }
  }
  return list;
}
