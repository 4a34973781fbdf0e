/**
 * Where the architectures a search picked stand in a table (issue 26, "the
 * searched genotype lands in the table's top 5%"): for every seed of a
 * black-box run (`nas random|evolve|local|bo ... --out DIR`, its
 * `result.json`) and for every scorer of a bias study (`nas bias --out DIR`:
 * the architecture it scores highest among those the study drew), the
 * table's mean val and test accuracy of the pick and its rank by val (1 =
 * the table's best; isomorphic twins are the same architecture).
 * Usage: npx tsx scripts/ablation-26-picks.ts TABLE RUN_DIR...
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spaceByName } from '../cells/index.js';
import type { BiasReport } from '../src/analysis/index.js';
import type { BlackBoxResult } from '../src/black-box/index.js';
import { computationKey, parseGenotype } from '../src/space/index.js';
import { readTable } from '../src/table/index.js';

const [tableFile, ...dirs] = process.argv.slice(2);
if (tableFile === undefined || dirs.length === 0) throw new Error('usage: ablation-26-picks.ts TABLE RUN_DIR...');
const table = readTable(tableFile);
const space = spaceByName(table.header.space);
const key = (arch: string) => computationKey(space, parseGenotype(space, arch));
const byVal = Object.entries(table.archs).sort((a, b) => b[1].val - a[1].val);
const rankOf = new Map(byVal.map(([arch], i) => [key(arch), i + 1]));
const top = Math.ceil(0.05 * byVal.length);
console.log(`${tableFile}: ${byVal.length} architectures, top 5% = rank <= ${top} (val >= ${byVal[top - 1]![1].val.toFixed(2)})`);

const describe = (label: string, arch: string) => {
  const rank = rankOf.get(key(arch));
  if (rank === undefined) return console.log(`${label}: ${arch} is not in the table`);
  const row = byVal[rank - 1]![1];
  console.log(
    `${label}: rank ${rank}/${byVal.length}, val ${row.val.toFixed(2)}, test ${row.test.toFixed(2)}, top 5%: ${rank <= top ? 'yes' : 'no'}  ${arch}`,
  );
};

for (const dir of dirs) {
  if (existsSync(join(dir, 'bias.json'))) {
    const report = JSON.parse(readFileSync(join(dir, 'bias.json'), 'utf8')) as BiasReport;
    for (const s of report.supernets) {
      const scored = report.architectures.filter((a) => typeof a.scores[s.supernet] === 'number');
      const best = scored.reduce((a, b) => ((b.scores[s.supernet] as number) > (a.scores[s.supernet] as number) ? b : a));
      describe(`${dir} ${s.supernet} top-scored`, best.genotype);
    }
  } else {
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as BlackBoxResult;
    for (const s of result.per_seed) describe(`${dir} ${result.strategy} seed ${s.seed + 1}`, s.genotype);
    console.log(`${dir}: cost ${result.cost.toFixed(1)} (estimator units), ${result.seconds.toFixed(1)} s wall`);
  }
}
