import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { writeFileAtomic } from '../../checkpoint/index.js';
import { NasError, firstLine } from '../../errors.js';
import { readTable, tableInfo, tableInfoRows } from '../../table/index.js';
import { toolkitVersion } from '../../version.js';
import { reportPage } from './report-page.js';
import { tableFigures } from './table-charts.js';
import { writeFigures } from './write-figures.js';

/** Whether `path` is a table file built by `nas table build` (a JSON file whose header says so), not a run directory. */
export function isTableFile(path: string): boolean {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    return false;
  }
  if (!stat.isFile()) return false;
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { header?: { kind?: unknown } })?.header?.kind === 'nas-table';
  } catch {
    return false;
  }
}

/** Where a table's page goes unless told otherwise: `t.json` -> `t-report/`, beside it. */
export const tableReportDir = (file: string) => `${file.replace(/\.json$/, '')}-report`;

/**
 * The page of a table built by `nas table build`: what `nas table info`
 * prints, as a table, and the table's figures (`tableFigures`: seed
 * agreement, spread, accuracy against cost, val curves) as SVG and PNG with
 * their vega-lite specs; the recipe below. Files are written atomically, the
 * page last; the table is only read.
 */
export async function writeTableReport(
  tableFile: string,
  out?: string,
): Promise<{ kind: 'table'; dir: string; page: string; files: string[] }> {
  const file = resolve(tableFile);
  const table = readTable(file);
  const info = tableInfo(table);
  const target = resolve(out ?? tableReportDir(file));
  try {
    mkdirSync(target, { recursive: true });
  } catch (error) {
    throw new NasError(`cannot create the report directory ${target}: ${firstLine(error)}`);
  }
  const files: string[] = [];
  const write = async (name: string, data: string | Uint8Array) => {
    await writeFileAtomic(join(target, name), data);
    files.push(join(target, name));
  };
  const figures = await writeFigures(tableFigures(table, info.ceiling?.all.tau ?? null), write);
  const page = join(target, 'index.html');
  await write(
    'index.html',
    reportPage({
      headline: `${basename(file)}: ${table.benchmark}`,
      table: { head: ['quantity', 'value'], rows: tableInfoRows(file, table, info) },
      figures,
      diagrams: [],
      config: table.header,
      toolkit: toolkitVersion(),
    }),
  );
  return { kind: 'table', dir: target, page, files };
}
