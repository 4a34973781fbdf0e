import { match } from 'ts-pattern';
import type { CellGenotype, CellSpace, ChainSpace, Genotype, HierarchicalSpace, SearchSpace } from './api.js';
import { cellShape, motifShape } from './cell-rules.js';
import { clip, parseCellNodes } from './cell-string.js';
import { fail } from './fields.js';
import { validateGenotype } from './validate-genotype.js';

/**
 * Reads a genotype of `space` from its `canonicalString` form (for NB201, the
 * benchmark's own architecture strings), filling in what the space fixes (the
 * cell output), then validates it. Malformed text is a one-line `NasError`.
 */
export function parseGenotype(space: SearchSpace, text: string): Genotype {
  const where = `${space.name} genotype string`;
  const candidate = match(space)
    .with({ kind: 'cell' }, (s) => parseCellArchitecture(s, text.trim(), where))
    .with({ kind: 'chain' }, (s) => parseChain(s, text.trim(), where))
    .with({ kind: 'hierarchical' }, (s) => parseHierarchical(s, text.trim(), where))
    .exhaustive();
  return validateGenotype(space, candidate);
}

function parseCellArchitecture(space: CellSpace, text: string, where: string): unknown {
  const concat = cellShape(space).outputs;
  const cell = (body: string): CellGenotype => ({ nodes: parseCellNodes(body, where), concat });
  if (!text.includes('=')) {
    if (space.cellTypes.length !== 1) fail(where, `expected ${space.cellTypes.map((t) => `${t}=<cell>`).join(';')}, got '${clip(text)}'`);
    return { kind: 'cell', space: space.name, cells: { [space.cellTypes[0]!]: cell(text) } };
  }
  const cells: Record<string, CellGenotype> = Object.create(null) as Record<string, CellGenotype>;
  for (const part of text.split(';')) {
    const [type, body, ...rest] = part.split('=');
    if (type === undefined || body === undefined || rest.length > 0) fail(where, `'${clip(part)}' is not of the form <cell type>=<cell>`);
    if (Object.hasOwn(cells, type)) fail(where, `cell type '${type}' given twice`);
    cells[type] = cell(body);
  }
  return { kind: 'cell', space: space.name, cells };
}

function parseChain(space: ChainSpace, text: string, where: string): unknown {
  if (text.length < 2 || !text.startsWith('|') || !text.endsWith('|')) fail(where, `expected |op@width|op@width|...|, got '${clip(text)}'`);
  const layers = text
    .slice(1, -1)
    .split('|')
    .map((layer) => {
      const parts = /^([A-Za-z0-9_]+)@(\d+)$/.exec(layer);
      if (parts === null) fail(where, `layer '${clip(layer)}' is not of the form op@width`);
      return { op: parts[1]!, width: Number(parts[2]) };
    });
  return { kind: 'chain', space: space.name, layers };
}

function parseHierarchical(space: HierarchicalSpace, text: string, where: string): unknown {
  const parts = text.split(';');
  if (parts.length !== space.levels.length) fail(where, `${parts.length} levels, the ${space.name} space has ${space.levels.length}`);
  const levels = parts.map((part, l) => {
    const prefix = `l${l + 2}=`;
    if (!part.startsWith(prefix)) fail(where, `level ${l + 2} should start with '${prefix}', got '${clip(part)}'`);
    const concat = motifShape(space, l).outputs;
    return part
      .slice(prefix.length)
      .split(',')
      .map((motif): CellGenotype => ({ nodes: parseCellNodes(motif, `${where}, level ${l + 2}`), concat }));
  });
  return { kind: 'hierarchical', space: space.name, levels };
}
