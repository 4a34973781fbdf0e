import { writeFileSync } from 'node:fs';
import { spaceByName } from '../../cells/index.js';
import { createRng } from '../../src/random/index.js';
import { canonicalString, enumerateGenotypes } from '../../src/space/index.js';
import type { CellArchitecture } from '../../src/space/api.js';

/** The final val of a synthetic architecture: 10 per 3x3 conv, 3 per 1x1 conv, plus a seeded jitter. */
export function finalOf(g: CellArchitecture, jitter: number): number {
  const edges = g.cells.normal!.nodes.flat();
  return 40 + edges.reduce((s, e) => s + (e.op === 'nor_conv_3x3' ? 6 : e.op === 'nor_conv_1x1' ? 2 : 0), 0) + jitter;
}

/**
 * A synthetic NB201 table with a `nas table build` header and per-epoch
 * curves: seed runs whose val after epoch e is final * (1 - 0.5^e) / (1 - 0.5^E)
 * (a saturating curve reaching the final value), taking 10 s per run. With
 * `every` > 1, only every `every`-th architecture (a partial table, quicker to read).
 */
export function writeCurveTable(file: string, epochs: number, every = 1): void {
  const nb201 = spaceByName('nb201');
  const rng = createRng('curve-table');
  const archs: Record<string, unknown> = {};
  const shape = (e: number) => (1 - 0.5 ** e) / (1 - 0.5 ** epochs);
  let i = 0;
  for (const g of enumerateGenotypes(nb201)) {
    const final = finalOf(g as CellArchitecture, rng());
    if (i++ % every !== 0) continue;
    const run = (seed: number, offset: number) => ({
      seed,
      val: final + offset,
      test: final + offset + 1,
      train_loss: 1,
      seconds: 10,
      curve: Array.from({ length: epochs }, (_, i) => ({
        train_loss: 1,
        val: (final + offset) * shape(i + 1),
        test: (final + offset + 1) * shape(i + 1),
      })),
    });
    archs[canonicalString(g)] = { val: final, test: final + 1, params: 1, mult_adds: 1, runs: [run(1, -0.5), run(2, 0.5)] };
  }
  const recipe = { space: 'nb201', dataset: 'fashion-mnist', epochs };
  writeFileSync(
    file,
    JSON.stringify({
      benchmark: 'synthetic',
      header: { kind: 'nas-table', toolkit: 'test', space: 'nb201', dataset: 'fashion-mnist', recipe, ledger: 'none' },
      ops: nb201.ops,
      archs,
    }),
  );
}
