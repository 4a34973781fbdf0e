import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../checkpoint/index.js';
import { NasError, firstLine } from '../../errors.js';
import { toolkitVersion } from '../../version.js';
import type { NamedSvg } from '../genotype-svgs.js';
import type { ReportRun } from './api.js';
import { keyNumbers, runHeadline } from './key-numbers.js';
import { readRun } from './read-run.js';
import { reportPage } from './report-page.js';
import { runDiagrams } from './run-diagrams.js';
import { runFigures } from './run-figures.js';
import { writeFigures } from './write-figures.js';
import { isCompareDir, writeCompareReport } from './compare-page.js';
import { isAnytimeDir, writeAnytimeReport } from './anytime-page.js';
import { isTableFile, writeTableReport } from './table-page.js';

/** The directory a report goes to unless told otherwise: `report/` inside the run. */
export const REPORT_DIR = 'report';

export interface WrittenReport {
  readonly kind: ReportRun['kind'] | 'compare' | 'anytime' | 'table';
  /** The directory written to, and the page in it (`index.html`). */
  readonly dir: string;
  readonly page: string;
  /** Every file written, the page last. */
  readonly files: readonly string[];
}

/**
 * Writes the report of run directory `runDir` into `out` (default
 * `runDir/report`): per figure its vega-lite spec (`<name>.vl.json`, to
 * restyle or open in the Vega editor), `<name>.svg` and `<name>.png`, then the
 * self-contained page `index.html`. Every file is written atomically (temp
 * file, then rename), so a report being rewritten is never seen half-written,
 * and the page goes last, so it never shows figures that are not there yet.
 * The run directory itself is only read.
 */
export async function writeReport(runDir: string, out?: string): Promise<WrittenReport> {
  const dir = resolve(runDir);
  if (isTableFile(dir)) return writeTableReport(dir, out);
  if (isCompareDir(dir)) return writeCompareReport(dir, out);
  if (isAnytimeDir(dir)) return writeAnytimeReport(dir, out);
  const run = readRun(dir);
  const target = resolve(out ?? join(dir, REPORT_DIR));
  try {
    mkdirSync(target, { recursive: true });
  } catch (error) {
    throw new NasError(`cannot create the report directory ${target}: ${firstLine(error)}`);
  }
  const files: string[] = [];
  const write = async (name: string, data: string | Uint8Array) => {
    const file = join(target, name);
    await writeFileAtomic(file, data);
    files.push(file);
  };
  const figures = await writeFigures(runFigures(run), write);
  const diagrams: NamedSvg[] = run.kind === 'search' || run.kind === 'retrain' ? await runDiagrams(dir) : [];
  const page = join(target, 'index.html');
  await write(
    'index.html',
    reportPage({ headline: runHeadline(run), table: keyNumbers(run), figures, diagrams, config: run.config, toolkit: toolkitVersion() }),
  );
  return { kind: run.kind, dir: target, page, files };
}
