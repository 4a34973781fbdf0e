import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ANYTIME_FILES, type AnytimeResults } from '../../anytime/api.js';
import { versusBaseline } from '../../anytime/versus.js';
import { writeFileAtomic } from '../../checkpoint/index.js';
import { NasError, firstLine } from '../../errors.js';
import { toolkitVersion } from '../../version.js';
import { anytimeFigure } from './anytime-chart.js';
import type { Figure } from './api.js';
import { reportPage } from './report-page.js';
import { writeFigures } from './write-figures.js';

/** Whether `dir` is a `nas anytime` directory (it has its settings). */
export const isAnytimeDir = (dir: string) => existsSync(join(dir, ANYTIME_FILES.settings));

const cell = (s: { mean: number; std: number } | null | undefined) => (s ? `${s.mean.toFixed(2)} ± ${s.std.toFixed(2)}` : '-');

/**
 * The page of a `nas anytime` directory: the anytime curves (val and test of
 * the incumbents against seconds of training, `anytimeFigure`) as SVG and PNG,
 * and a table of where each contender ended (and against random search at
 * the same compute, `versusBaseline`) and what it spent. Files are
 * written atomically, the page last. A comparison not finished yet has no
 * `anytime.json`: one line saying so.
 */
export async function writeAnytimeReport(
  dir: string,
  out?: string,
): Promise<{ kind: 'anytime'; dir: string; page: string; files: string[] }> {
  const file = join(dir, ANYTIME_FILES.results);
  if (!existsSync(file))
    throw new NasError(
      `${dir} is an anytime comparison with no ${ANYTIME_FILES.results} yet (continue it with nas anytime --resume ${dir})`,
    );
  let results: AnytimeResults;
  try {
    results = JSON.parse(readFileSync(file, 'utf8')) as AnytimeResults;
  } catch (error) {
    throw new NasError(`cannot read ${file}: ${firstLine(error)}`);
  }
  if (!Array.isArray(results.contenders) || !Array.isArray(results.grid))
    throw new NasError(`${file} is not an anytime comparison's results: it has no contenders or grid`);
  const target = resolve(out ?? join(dir, 'report'));
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
  const figures = await writeFigures(
    [anytimeFigure(results, 'val'), anytimeFigure(results, 'test')].filter((f): f is Figure => f !== null),
    write,
  );
  const last = results.grid.length - 1;
  const hasRandom = results.contenders.some((c) => c.contender === 'random');
  const versus = (name: string) => {
    const d = hasRandom && name !== 'random' ? versusBaseline(results, name, 'random')[last] : null;
    return d ? `${d.difference >= 0 ? '+' : ''}${d.difference.toFixed(2)} ± ${d.se.toFixed(2)}` : '-';
  };
  const page = join(target, 'index.html');
  await write(
    'index.html',
    reportPage({
      headline: `${basename(dir)}: best so far against compute on ${results.table} (${results.seeds} seed(s), ${results.compute.toFixed(1)} s each)`,
      table: {
        head: ['contender', 'val at the end', 'test at the end', 'val minus random (± s.e.)', 'queries per seed', 'seconds per seed'],
        rows: [
          ...results.contenders.map((c) => [
            c.contender,
            cell(c.val[last]),
            cell(c.test[last]),
            versus(c.contender),
            c.queries.toFixed(1),
            c.spent.toFixed(1),
          ]),
          ['table optimum', results.optimum.val.toFixed(2), results.optimum.test.toFixed(2), '-', '-', '-'],
        ],
      },
      figures,
      diagrams: [],
      config: JSON.parse(readFileSync(join(dir, ANYTIME_FILES.settings), 'utf8')) as unknown,
      toolkit: toolkitVersion(),
    }),
  );
  return { kind: 'anytime', dir: target, page, files };
}
