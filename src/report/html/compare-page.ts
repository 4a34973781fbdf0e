import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { writeFileAtomic } from '../../checkpoint/index.js';
import { COMPARE_COLUMNS, COMPARE_FILES, rowCells, type CompareResults } from '../../compare/index.js';
import { NasError, firstLine } from '../../errors.js';
import { toolkitVersion } from '../../version.js';
import { reportPage } from './report-page.js';

/** Whether `dir` is a `nas compare` directory (it has its settings). */
export const isCompareDir = (dir: string) => existsSync(join(dir, COMPARE_FILES.settings));

/**
 * The page of a `nas compare` directory: the table of methods as an HTML
 * table (the rows `nas compare` prints, then the table's optimum and its noise
 * ceiling), with the rule for "beats random", each supernet's tau over its
 * training and the settings below it. A comparison not finished yet has no
 * `compare.json`: one line saying so.
 */
export async function writeCompareReport(
  dir: string,
  out?: string,
): Promise<{ kind: 'compare'; dir: string; page: string; files: string[] }> {
  const file = join(dir, COMPARE_FILES.results);
  if (!existsSync(file))
    throw new NasError(`${dir} is a comparison with no ${COMPARE_FILES.results} yet (continue it with nas compare --resume ${dir})`);
  let results: CompareResults;
  try {
    results = JSON.parse(readFileSync(file, 'utf8')) as CompareResults;
  } catch (error) {
    throw new NasError(`cannot read ${file}: ${firstLine(error)}`);
  }
  if (!Array.isArray(results.methods)) throw new NasError(`${file} is not a comparison's results: it has no methods`);
  const target = resolve(out ?? join(dir, 'report'));
  try {
    mkdirSync(target, { recursive: true });
  } catch (error) {
    throw new NasError(`cannot create the report directory ${target}: ${firstLine(error)}`);
  }
  const o = results.optimum;
  const ceiling = results.ceiling;
  const rows = [
    ...results.methods.map(rowCells),
    ['table optimum (best val)', '-', o.val.toFixed(2), o.test.toFixed(2), o.percentile.toFixed(1), '-', '-', '-'],
    ...(ceiling !== null
      ? [
          [
            'noise ceiling (seed to seed)',
            '-',
            '-',
            '-',
            '-',
            '-',
            `${ceiling.all.estimate.toFixed(3)} [${ceiling.all.low.toFixed(3)}, ${ceiling.all.high.toFixed(3)}]`,
            '-',
          ],
        ]
      : []),
    ...(results.perfect_ranker
      ? [
          [
            `perfect estimator (noise model, ${results.perfect_ranker.archs} architectures)`,
            '-',
            '-',
            '-',
            '-',
            '-',
            `${results.perfect_ranker.tau.toFixed(3)} [${results.perfect_ranker.low.toFixed(3)}, ${results.perfect_ranker.high.toFixed(3)}]`,
            '-',
          ],
        ]
      : []),
  ];
  const page = join(target, 'index.html');
  const html = reportPage({
    headline: `${basename(dir)}: table of methods on ${results.table} (${results.archs} architectures of ${results.space})`,
    table: { head: COMPARE_COLUMNS, rows },
    figures: [],
    diagrams: [],
    config: {
      rule: results.rule,
      tau_over_training: results.methods
        .filter((m) => m.tau_snapshots !== null)
        .map((m) => ({ method: m.method, snapshots: m.tau_snapshots })),
      genotypes: Object.fromEntries(results.methods.map((m) => [m.method, m.genotypes])),
      settings: results.settings,
    },
    toolkit: toolkitVersion(),
  });
  await writeFileAtomic(page, html);
  return { kind: 'compare', dir: target, page, files: [page] };
}
