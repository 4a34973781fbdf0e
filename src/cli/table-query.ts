import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../checkpoint/index.js';
import { NasError } from '../errors.js';
import { queryTable, readQueryableTable, readTable, tableCsv, type TableAnswer } from '../table/index.js';
import { formatTable } from './table.js';

/** `nas table query` and `nas table export`: read a table without training anything (no build lock: tables are written atomically). */
export function registerTableQuery(table: Command, out: (line: string) => void, err: (line: string) => void): void {
  table
    .command('query')
    .description(
      "what a table says of architectures: val, test, rank, costs and every seed's run (one of the same computation answers for one the table lacks)",
    )
    .argument('<file>', 'the table')
    .argument('<arch...>', 'architecture strings')
    .option('--space <name>', "the space of a plain NAS-Bench-201-shaped table (default nb201; a built table's header names its own)")
    .option('--json', 'print the answers as JSON (one array)')
    .action((fileArg: string, given: string[], flags: { json?: boolean; space?: string }) => {
      const { space, table: queried } = readQueryableTable(resolve(fileArg), flags.space);
      const answers = queryTable(space, fileArg, queried, given);
      if (flags.json) out(JSON.stringify(answers.map(answerJson), null, 2));
      else for (const answer of answers) for (const line of answerLines(answer)) out(line);
    });

  table
    .command('export')
    .description('a table as CSV, one row per (architecture, seed) run (pandas, R, a spreadsheet)')
    .argument('<file>', 'the table')
    .option('--out <file>', 'write the CSV here (atomically) instead of to stdout')
    .option('--curves', 'add the per-epoch train loss, val, test and val loss as columns')
    .option('--force', 'replace an existing --out file')
    .action(async (fileArg: string, flags: { out?: string; curves?: boolean; force?: boolean }) => {
      const csv = tableCsv(readTable(resolve(fileArg)), { curves: flags.curves === true });
      if (flags.out === undefined) {
        out(csv.slice(0, -1));
        return;
      }
      const target = resolve(flags.out);
      if (existsSync(target) && !flags.force) throw new NasError(`${flags.out} exists; --force replaces it`);
      await writeFileAtomic(target, csv);
      err(`${csv.split('\n').length - 2} runs of ${fileArg} written to ${flags.out}`);
    });
}

function answerJson(a: TableAnswer) {
  return { arch: a.arch, table_key: a.key, val_rank: a.valRank, test_percentile: a.testPercentile, of: a.of, ...a.entry };
}

function answerLines(a: TableAnswer): string[] {
  const e = a.entry;
  const lines = [a.arch];
  if (a.key !== a.arch) lines.push(`  answered by ${a.key}, the same computation`);
  lines.push(
    `  val ${e.val.toFixed(2)}%  test ${e.test.toFixed(2)}%${e.runs === undefined ? '' : `  (mean of ${e.runs.length} seed(s))`}`,
    `  val rank ${a.valRank} of ${a.of}; test above ${a.testPercentile.toFixed(1)}% of the table`,
  );
  if (e.params !== undefined && e.mult_adds !== undefined)
    lines.push(`  ${e.params.toLocaleString('en-US')} weights, ${e.mult_adds.toLocaleString('en-US')} multiply-adds`);
  if (e.runs === undefined || e.runs.length === 0) return lines;
  const rows = [['  seed', 'val %', 'test %', 'train loss', 'seconds', 'val % per epoch']];
  for (const run of e.runs)
    rows.push([
      `  ${run.seed}`,
      run.val.toFixed(2),
      run.test.toFixed(2),
      run.train_loss.toFixed(3),
      run.seconds.toFixed(1),
      run.curve.map((c) => c.val.toFixed(1)).join(' '),
    ]);
  return [...lines, ...formatTable(rows)];
}
