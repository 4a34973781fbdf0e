import { type CellSpace, registerSpace, resolveSearchConfig, runSearch, spaceNames } from '../../src/index.js';

/** A smaller NB201-style cell: one input, two more nodes, four ops. Plain data; `registerSpace` checks and freezes it. */
export const TINY_SPACE = {
  kind: 'cell',
  name: 'tiny-cell',
  ops: ['none', 'skip_connect', 'nor_conv_3x3', 'avg_pool_3x3'],
  inputs: 1,
  nodes: 2,
  edgesPerNode: 'all',
  cellTypes: ['normal'],
  output: 'last-node',
  noneOp: 'none',
} as const satisfies CellSpace;

/** Register the space (once per process), then search it like a built-in one: its cells take one input, so the NB201 stack. */
export async function searchTinySpace(out: string, dataDir: string) {
  if (!spaceNames().includes(TINY_SPACE.name)) registerSpace(TINY_SPACE);
  const config = resolveSearchConfig({ space: 'tiny-cell', channels: 4, layers: 1, epochs: 1, batchSize: 8, trainLimit: 32, dataDir });
  return runSearch(config, { out });
}
