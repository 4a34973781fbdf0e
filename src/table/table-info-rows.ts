import { planProgress } from './plan-progress.js';
import { readTable } from './table-file.js';
import type { TableFile } from './api.js';
import { tableInfo, type TableInfo } from './table-info.js';

const interval = (i: { estimate: number; low: number; high: number }) =>
  `${i.estimate.toFixed(3)} [${i.low.toFixed(3)}, ${i.high.toFixed(3)}]`;

/** The build plan's progress from the ledger beside the table, with the core-hours left at the table's CPU seconds per run; none without a ledger. */
function planLine(file: string, cpuSecondsPerRun: number): string[][] {
  const plan = planProgress(file);
  if (plan === null || plan.planned === 0) return [];
  const of = `${plan.planned} runs (${plan.archs} architectures x seeds ${plan.seeds.join(', ')})`;
  if (plan.done === plan.planned) return [['build plan', `${of}: all done`]];
  const left = plan.planned - plan.done;
  const hours = Number.isNaN(cpuSecondsPerRun) ? '' : `, about ${((left * cpuSecondsPerRun) / 3600).toFixed(1)} core-hours`;
  return [['build plan', `${of}: ${plan.done} done, ${left} to go${hours}; continue with nas table build --resume --out ${file}`]];
}

/** What `nas table info` prints (and a table's report page shows): the table's header, size, coverage, spread and noise ceiling, as (name, value) rows. */
export function tableInfoRows(file: string, table: TableFile = readTable(file), info: TableInfo = tableInfo(table)): string[][] {
  const r = table.header.recipe;
  const rows: string[][] = [
    ['table', file],
    ['space', `${table.header.space} (${info.spaceSize} architectures${info.spaceUnique === null ? '' : `, ${info.spaceUnique} unique`})`],
    [
      'dataset',
      `${table.header.dataset}${r.dataDir === null ? '' : ` (${r.dataDir})`}, ${r.imageSize ?? 'full'}px, train ${r.trainLimit ?? 'all'}, val ${r.valSize}, test ${r.testLimit ?? 'all'}`,
    ],
    [
      'recipe',
      `C=${r.channels} N=${r.cellsPerStage}, ${r.epochs} epochs, batch ${r.batchSize}, lr ${r.lr} cosine, wd ${r.weightDecay}, crop ${r.cropPadding}`,
    ],
    [
      'architectures',
      `${info.archs} (${info.unique} unique computations${info.spaceUnique === null ? '' : `, ${((100 * info.unique) / info.spaceUnique).toFixed(1)}% of the space's`})`,
    ],
    [
      'runs',
      `${info.runs}; seeds ${info.seeds.join(', ')}; archs by seed count: ${Object.entries(info.seedCounts)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}`,
    ],
    [
      'seconds per run',
      `${info.secondsPerRun.toFixed(1)} wall, ${Number.isNaN(info.cpuSecondsPerRun) ? '?' : info.cpuSecondsPerRun.toFixed(1)} CPU`,
    ],
    ...planLine(file, info.cpuSecondsPerRun),
    ['val %', `min ${info.val.min.toFixed(2)} median ${info.val.median.toFixed(2)} max ${info.val.max.toFixed(2)}`],
    ['test %', `min ${info.test.min.toFixed(2)} median ${info.test.median.toFixed(2)} max ${info.test.max.toFixed(2)}`],
  ];
  if (info.ceiling === null) rows.push(['noise ceiling', 'needs two seeds of the same architectures']);
  else
    for (const [name, a] of [
      ['all', info.ceiling.all],
      ['better half', info.ceiling.top],
    ] as const) {
      rows.push([`seed tau, ${name}`, `${interval(a.tau)} over ${a.archs} architectures (95% bootstrap)`]);
      rows.push([`seed rho, ${name}`, interval(a.rho)]);
    }
  if (info.noise !== null)
    rows.push([
      'val noise vs spread',
      `one run's seed noise sd ${info.noise.perRun.toFixed(2)} points, architectures' spread sd ${info.noise.spread.toFixed(2)} (ratio ${(info.noise.perRun / info.noise.spread).toFixed(2)})`,
    ]);
  const pr = info.perfectRanker;
  if (pr !== null)
    rows.push([
      'perfect ranker',
      `tau ${pr.tau.toFixed(3)} [${pr.lo.toFixed(3)}, ${pr.hi.toFixed(3)}] against the ${pr.seeds}-seed mean val: the most an estimator can expect (Gaussian model: true sd ${pr.trueSd.toFixed(2)}, seed noise sd ${pr.noiseSd.toFixed(2)} points)`,
    ]);
  if (info.tauByEpoch.length > 0) rows.push(['seed tau by epoch', info.tauByEpoch.map((t) => t.toFixed(3)).join(' ')]);
  return rows;
}
