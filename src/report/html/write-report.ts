import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../checkpoint/index.js';
import { NasError, firstLine } from '../../errors.js';
import { toolkitVersion } from '../../version.js';
import type { NamedSvg } from '../genotype-svgs.js';
import type { ReportRun, RenderedFigure } from './api.js';
import { keyNumbers, runHeadline } from './key-numbers.js';
import { readRun } from './read-run.js';
import { renderChart } from './render-chart.js';
import { reportPage } from './report-page.js';
import { runDiagrams } from './run-diagrams.js';
import { runFigures } from './run-figures.js';
import { svgToPng } from './svg-to-png.js';
import { isCompareDir, writeCompareReport } from './compare-page.js';
import { isAnytimeDir, writeAnytimeReport } from './anytime-page.js';

/** The directory a report goes to unless told otherwise: `report/` inside the run. */
export const REPORT_DIR = 'report';

export interface WrittenReport {
  readonly kind: ReportRun['kind'] | 'compare' | 'anytime';
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
  const figures: RenderedFigure[] = [];
  for (const { spec, ...figure } of runFigures(run)) {
    const svg = await renderChart(spec, figure.name);
    await write(`${figure.name}.vl.json`, `${JSON.stringify(spec, null, 2)}\n`);
    await write(`${figure.name}.svg`, svg);
    await write(`${figure.name}.png`, svgToPng(svg));
    figures.push({ ...figure, svg });
  }
  const diagrams: NamedSvg[] = run.kind === 'search' || run.kind === 'retrain' ? await runDiagrams(dir) : [];
  const page = join(target, 'index.html');
  await write(
    'index.html',
    reportPage({ headline: runHeadline(run), table: keyNumbers(run), figures, diagrams, config: run.config, toolkit: toolkitVersion() }),
  );
  return { kind: run.kind, dir: target, page, files };
}
