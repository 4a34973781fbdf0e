import { existsSync, readFileSync } from 'node:fs';
import { NasError, firstLine } from '../errors.js';
import { seededPermutation } from '../random/index.js';
import { canonicalString, computationKey, enumerateGenotypes, parseGenotype, uniqueGenotypes } from '../space/index.js';
import type { SearchSpace } from '../space/api.js';

/** Which architectures a build trains: `all`, a count drawn at random, or a file listing them. */
export interface ArchChoice {
  /** `all`, a positive count `N`, or a file with one architecture string per line (`#` comments). */
  readonly archs: string;
  /** Draw from the space's distinct computations (NB201: 6,466) instead of its strings (15,625). */
  readonly unique: boolean;
  /** Seeds the draw of `N`. */
  readonly seed: string;
}

/**
 * The architectures (canonical strings) a build trains. `all` and `N` need a
 * space small enough to enumerate; `N` is a seeded uniform draw without
 * replacement from the strings or, with `unique`, from one representative per
 * computation (`uniqueGenotypes`), so the same flags always give the same
 * list. A file's lines are parsed against the space (a bad one is a one-line
 * error naming its line); with `unique`, lines computing the same function as
 * an earlier one are dropped.
 */
export function chooseArchs(space: SearchSpace, choice: ArchChoice): string[] {
  const { archs } = choice;
  if (archs !== 'all' && !/^\d+$/.test(archs)) return fromFile(space, archs, choice.unique);
  const pool = choice.unique ? uniqueGenotypes(space) : [...enumerateGenotypes(space)];
  if (archs === 'all') return pool.map(canonicalString);
  const n = Number(archs);
  if (n < 1 || n > pool.length)
    throw new NasError(`--archs ${archs}: the ${space.name} space has ${pool.length}${choice.unique ? ' unique' : ''} architectures`);
  const order = seededPermutation(pool.length, `${choice.seed}/archs`);
  return Array.from(order.subarray(0, n), (i) => canonicalString(pool[i]!));
}

function fromFile(space: SearchSpace, file: string, unique: boolean): string[] {
  if (!existsSync(file)) throw new NasError(`--archs ${file}: not 'all', a count, or an existing file`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new NasError(`cannot read --archs ${file}: ${firstLine(error)}`);
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    let key: string;
    let arch: string;
    try {
      const genotype = parseGenotype(space, line);
      [arch, key] = [canonicalString(genotype), unique ? computationKey(space, genotype) : canonicalString(genotype)];
    } catch (error) {
      throw new NasError(`${file}:${i + 1}: ${firstLine(error)}`);
    }
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(arch);
  }
  if (out.length === 0) throw new NasError(`--archs ${file} lists no architectures`);
  return out;
}

/** Seeds `1 .. n` by default, or a list like `1,2,5`. */
export function parseSeeds(text: string): number[] {
  const seeds = /^\d+$/.test(text) ? Array.from({ length: Number(text) }, (_, i) => i + 1) : text.split(',').map((s) => Number(s.trim()));
  if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || s < 0) || new Set(seeds).size !== seeds.length)
    throw new NasError(`--seeds ${text}: a count or a comma-separated list of distinct whole numbers`);
  return seeds;
}
