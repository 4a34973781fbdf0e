import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spaceByName } from '../../../cells/index.js';
import { NasError } from '../../errors.js';
import { RUN_FILES } from '../../runs/index.js';
import type { SearchSpace } from '../../space/api.js';
import { genotypeFromJson } from '../../space/index.js';
import { genotypeSvgs, type NamedSvg } from '../genotype-svgs.js';
import { readJsonFile } from './read-json.js';

const DIAGRAM_FILE = /^(cell-[^/]+|chain|motif-[^/]+)\.svg$/;

/**
 * The architecture diagrams a report shows: the diagrams a run wrote next to
 * its genotype (`genotypeSvgs` names them `cell-<type>.svg`, `chain.svg`,
 * `motif-<group>.svg`; other SVGs, such as a report written into the run
 * directory itself, are not diagrams), read as they are; or, for a run that wrote none
 * (a retraining), drawn now from its `genotype.json` with the same Graphviz
 * renderer. A genotype of a space this process does not know (an extension's)
 * cannot be drawn: no diagrams then, the genotype string is still in the table.
 */
export async function runDiagrams(dir: string): Promise<NamedSvg[]> {
  const written = readdirSync(dir)
    .filter((name) => DIAGRAM_FILE.test(name))
    .sort()
    .map((name) => ({ name, svg: readFileSync(join(dir, name), 'utf8') }));
  if (written.length > 0) return written;
  const file = join(dir, RUN_FILES.genotype);
  if (!existsSync(file)) return [];
  const { space: name } = readJsonFile<{ space?: unknown }>(file);
  let space: SearchSpace;
  try {
    space = spaceByName(String(name));
  } catch (error) {
    if (error instanceof NasError) return [];
    throw error;
  }
  return genotypeSvgs(space, genotypeFromJson(space, readFileSync(file, 'utf8')));
}
