import { basename } from 'node:path';
import type { Command } from 'commander';
import { writeReport } from '../report/html/index.js';

interface ReportFlags {
  out?: string;
}

/**
 * `nas report RUN_DIR`: the HTML page and figures of any run directory (search,
 * retrain, black-box, bias). It only reads the run and needs no tensor
 * backend, so it also works on a run copied from another machine. The page's
 * path goes to stdout (to open or pipe), what was written to stderr.
 */
export function registerReport(program: Command, out: (line: string) => void, err: (line: string) => void): void {
  program
    .command('report')
    .description('write a self-contained HTML page, with SVG and PNG figures, for a run directory of any command')
    .argument(
      '<run>',
      'a run directory (nas search, retrain, evolve, random, local, pareto, bias, compare or anytime --out), or a table file of nas table build',
    )
    .option('--out <dir>', 'directory for the page and figures (default <run>/report; for a table t.json, t-report)')
    .action(async (run: string, flags: ReportFlags) => {
      const written = await writeReport(run, flags.out);
      const figures = written.files.filter((f) => f.endsWith('.svg')).map((f) => basename(f, '.svg'));
      err(
        `${written.kind === 'table' ? 'table' : `${written.kind} run`}: ${figures.length} figure(s)${figures.length > 0 ? ` (${figures.join(', ')})` : ''} as SVG and PNG in ${written.dir}`,
      );
      out(written.page);
    });
}
