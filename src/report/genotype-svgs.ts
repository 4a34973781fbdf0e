import type { Genotype, SearchSpace } from '../space/api.js';
import { genotypeDots } from './genotype-dots.js';
import { renderSvg } from './render-svg.js';

/** One rendered diagram: a file name (`cell-normal.svg`) and the SVG text. */
export interface NamedSvg {
  readonly name: string;
  readonly svg: string;
}

/**
 * SVG diagrams of a derived genotype, one file per cell type, chain or motif
 * (see `genotypeDots` for which), rendered with Graphviz in WebAssembly so a
 * search can write them on any machine. The names are file names a run
 * directory can take as they are.
 */
export async function genotypeSvgs(space: SearchSpace, genotype: Genotype): Promise<NamedSvg[]> {
  const svgs: NamedSvg[] = [];
  for (const { name, dot } of genotypeDots(space, genotype)) svgs.push({ name: `${name}.svg`, svg: await renderSvg(dot) });
  return svgs;
}
