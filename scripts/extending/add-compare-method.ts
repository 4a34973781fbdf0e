import { pathToFileURL } from 'node:url';
import { main } from '../../src/cli/main.js';
import { compareMethods, registerCompareMethod } from '../../src/compare/index.js';
import { registerWarmSpos } from './add-strategy.js';

/**
 * The warm-started SPOS of "A one-shot strategy" as a row of `nas compare`:
 * its supernet on the table's split, then regularized evolution on that
 * supernet at the comparison's number of queries, as SPOS's own row.
 * `search` is what follows `nas search`; `blackBox` the command that searches
 * the supernet (`supernet-evolution`) or the table (`table`).
 */
export function registerWarmSposRow(): void {
  registerWarmSpos();
  if (compareMethods().some((m) => m.name === 'warm-spos')) return;
  registerCompareMethod({
    name: 'warm-spos',
    label: 'SPOS after a 1-epoch warm-up + evolution',
    kind: 'supernet-evolution',
    search: ['warm-spos', '--warmup-epochs', '1'],
    blackBox: 'evolve',
  });
}

// Run as a script, it is `nas` with the row registered:
//   npx tsx scripts/extending/add-compare-method.ts compare --table T.json --methods warm-spos,spos,random --workers 2
// With --workers, each search runs in a child started the same way, so the children know the strategy too.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  registerWarmSposRow();
  process.exitCode = await main(process.argv);
}
