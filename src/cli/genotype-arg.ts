import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NAMED_GENOTYPES, namedGenotype, spaceByName, spaceNames } from '../../cells/index.js';
import { NasError, firstLine } from '../errors.js';
import { createRng } from '../random/index.js';
import { genotypeFromJson, parseGenotype, sampleGenotype } from '../space/index.js';
import type { Genotype } from '../space/api.js';
import { openFinishedRun, readRunHeader, runFile, type RunHeader } from '../runs/index.js';

/** The run header of `dir`, or null when it has no `config.json` (a folder holding just a genotype.json). */
function readRunHeaderIfAny(dir: string): RunHeader | null {
  return existsSync(runFile(dir, 'config')) ? readRunHeader(dir) : null;
}

/**
 * A genotype named on the command line: a published name (DARTS_V1,
 * DARTS_V2), a genotype JSON file, a search run directory (the genotype it
 * derived, through `openFinishedRun`) or another directory holding `genotype.json`,
 * an architecture string of `space` (e.g. NB201's `|nor_conv_3x3~0|+...`),
 * or `random[:SEED]`: a uniform draw from `space` (default darts) seeded by
 * SEED (default 0), the random-search baseline of a search. Anything else
 * is a one-line error naming what was tried.
 */
export function resolveGenotypeArg(arg: string, space?: string): { genotype: Genotype; source: string } {
  if (Object.hasOwn(NAMED_GENOTYPES, arg)) return { genotype: namedGenotype(arg), source: arg };
  if (existsSync(arg)) {
    if (statSync(arg).isDirectory() && readRunHeaderIfAny(arg)?.kind === 'search') {
      // A search run hands over the genotype it derived.
      const run = openFinishedRun(arg, arg);
      if (run.genotype === null) throw new NasError(`${arg} is a search run that derived no genotype yet (stopped before its end?)`);
      return { genotype: run.genotype, source: runFile(run.dir, 'genotype') };
    }
    const file = statSync(arg).isDirectory() ? join(arg, 'genotype.json') : arg;
    if (!existsSync(file)) throw new NasError(`${arg} is a directory without genotype.json (is it a finished search run?)`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new NasError(`cannot read genotype file ${file}: ${firstLine(error)}`);
    }
    let spaceName: unknown;
    try {
      spaceName = (JSON.parse(text) as { space?: unknown }).space;
    } catch (error) {
      throw new NasError(`genotype file ${file} is not JSON: ${firstLine(error)}`);
    }
    if (typeof spaceName !== 'string') throw new NasError(`genotype file ${file} names no space (a "space" field)`);
    return { genotype: genotypeFromJson(spaceByName(spaceName), text), source: file };
  }
  const random = /^random(?::(.+))?$/.exec(arg);
  if (random) {
    const seed = random[1] ?? '0';
    return { genotype: sampleGenotype(spaceByName(space ?? 'darts'), createRng(`random-genotype/${seed}`)), source: `random:${seed}` };
  }
  if (space !== undefined) return { genotype: parseGenotype(spaceByName(space), arg), source: arg };
  // Strings whose space shows in their form get that space's own error when they are wrong.
  if (arg.startsWith('|')) return { genotype: parseGenotype(spaceByName('nb201'), arg), source: arg };
  if (arg.startsWith('normal=')) return { genotype: parseGenotype(spaceByName('darts'), arg), source: arg };
  // Otherwise an architecture string of whichever space reads it (a registered space's ...).
  for (const name of spaceNames()) {
    try {
      return { genotype: parseGenotype(spaceByName(name), arg), source: arg };
    } catch {
      // not this space's string
    }
  }
  throw new NasError(
    `genotype '${arg}' is not a file, a run directory, an architecture string, random[:SEED] or a published name (known: ${Object.keys(NAMED_GENOTYPES).join(', ')})`,
  );
}
