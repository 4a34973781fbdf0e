import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { createRng } from '../../src/random/index.js';
import { genotypeSvgs } from '../../src/report/index.js';
import type { ChainArchitecture, HierarchicalArchitecture, HierarchicalSpace } from '../../src/space/api.js';
import { sampleGenotype } from '../../src/space/index.js';
import { countGroups, expectSvg, svgTexts } from './svg-helpers.js';

describe('chain genotypes as SVG', () => {
  it('one diagram: a row of op@width boxes from in to out', async () => {
    const space = spaceByName('chain');
    const genotype = sampleGenotype(space, createRng('x')) as ChainArchitecture;
    const svgs = await genotypeSvgs(space, genotype);
    expect(svgs.map((s) => s.name)).toEqual(['chain.svg']);
    const svg = svgs[0]!.svg;
    expectSvg(svg);
    const texts = svgTexts(svg);
    for (const layer of genotype.layers) expect(texts).toContain(`${layer.op}@${layer.width}`);
    expect(texts.filter((t) => t === 'stride 2')).toHaveLength(2);
    expect(countGroups(svg, 'node')).toBe(genotype.layers.length + 2);
    expect(countGroups(svg, 'edge')).toBe(genotype.layers.length + 1);
  });
});

describe('hierarchical genotypes as SVG', () => {
  it('one diagram per motif, named by decision group, none edges left out', async () => {
    const space = spaceByName('hierarchical') as HierarchicalSpace;
    const genotype = sampleGenotype(space, createRng('x')) as HierarchicalArchitecture;
    const svgs = await genotypeSvgs(space, genotype);
    const names = space.levels.flatMap((spec, l) => Array.from({ length: spec.motifs }, (_, i) => `motif-l${l + 2}.m${i}.svg`));
    expect(svgs.map((s) => s.name)).toEqual(names);
    const motifs = genotype.levels.flat();
    svgs.forEach(({ svg }, i) => {
      expectSvg(svg);
      const edges = motifs[i]!.nodes.flat().filter((edge) => edge.op !== space.noneOp);
      expect(countGroups(svg, 'edge')).toBe(edges.length);
      const texts = svgTexts(svg);
      for (const edge of edges) expect(texts).toContain(edge.op);
      expect(texts).toContain('in');
      expect(texts).toContain('out');
    });
    expect(svgTexts(svgs.at(-1)!.svg).some((t) => /^m\d$/.test(t))).toBe(true);
  });
});
