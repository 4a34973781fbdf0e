import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../checkpoint/index.js';
import { appendLedger, resumeLedger } from '../runs/ledger.js';
import { writeRunConfig } from '../runs/open-run.js';
import { prepareRunDir } from '../runs/run-dir.js';
import { NasError } from '../errors.js';
import { parseGenotype, wholeSpace } from '../space/index.js';
import type { SearchSpace } from '../space/api.js';
import {
  BIAS_FILES,
  type BiasOutcome,
  type BiasStudyOptions,
  type ScoreLine,
  type Scorer,
  type StudyArchitecture,
  type StudySupernet,
} from './bias-api.js';
import { biasReport } from './bias-report.js';
import { drawArchitectures } from './draw-architectures.js';

/**
 * A weight-sharing bias study: draw `k` architectures uniformly (plus each
 * supernet's preferred ones), score all of them with every supernet and with
 * the ground truth, then measure per supernet how its ranking of the uniform
 * sample agrees with the truth's (Kendall tau-b, Spearman rho, top-k overlap,
 * each with a paired bootstrap interval; regret of its pick; per-op bias).
 * Every score is appended to `scores.jsonl` as it lands, so a stopped study
 * resumes without paying for a score twice; `bias.json` is the report.
 */
export async function runBiasStudy(
  space: SearchSpace,
  supernets: readonly StudySupernet[],
  truth: Scorer,
  options: BiasStudyOptions,
): Promise<BiasOutcome> {
  const { out } = options;
  const resume = options.resume ?? false;
  if (!(Number.isInteger(options.k) && options.k >= 2)) throw new NasError(`a bias study needs k >= 2 architectures, got ${options.k}`);
  const names = supernets.map((s) => s.scorer.name);
  if (names.length === 0) throw new NasError('a bias study needs at least one supernet');
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) throw new NasError(`supernet '${repeated}' is given twice`);
  if (names.includes(truth.name)) throw new NasError(`a supernet is named like the truth ('${truth.name}')`);
  prepareRunDir(out, resume, BIAS_FILES.architectures);
  if (!resume && options.config !== undefined) await writeRunConfig(out, 'bias', options.config);

  const archFile = join(out, BIAS_FILES.architectures);
  let architectures: StudyArchitecture[];
  if (resume) {
    architectures = JSON.parse(readFileSync(archFile, 'utf8')) as StudyArchitecture[];
  } else {
    const moves = options.within ?? wholeSpace(space);
    if (moves.space.name !== space.name)
      throw new NasError(`a study of the ${space.name} space cannot draw from ${moves.description}, of the ${moves.space.name} space`);
    architectures = drawArchitectures(moves, supernets, options.k, options.seed, options.unique ?? false);
    await writeFileAtomic(archFile, `${JSON.stringify(architectures, null, 1)}\n`);
  }
  const genotypes = architectures.map((a) => parseGenotype(space, a.genotype));

  const scoreFile = join(out, BIAS_FILES.scores);
  // Complete scores are kept (a line cut by a kill is truncated away) and appended to.
  const kept = resumeLedger<ScoreLine>(scoreFile).map((l) => l.record);
  const scores = new Map<string, (ScoreLine | undefined)[]>();
  for (const scorer of [...names, truth.name])
    scores.set(
      scorer,
      architectures.map(() => undefined),
    );
  for (const line of kept) {
    const row = scores.get(line.scorer);
    if (row === undefined || architectures[line.index]?.genotype !== line.genotype)
      throw new NasError(`${scoreFile}: a score of '${line.scorer}' for ${line.genotype} does not belong to this study`);
    row[line.index] = line;
  }

  const scoreMissing = async (scorer: Scorer, shouldStop: () => boolean): Promise<boolean> => {
    const row = scores.get(scorer.name)!;
    const missing = row.flatMap((l, i) => (l === undefined ? [i] : []));
    if (missing.length === 0) return true;
    let done = row.length - missing.length;
    await scorer.scoreAll(
      missing.map((i) => genotypes[i]!),
      (j, estimate) => {
        const index = missing[j]!;
        const line: ScoreLine = {
          scorer: scorer.name,
          index,
          genotype: architectures[index]!.genotype,
          score: estimate.score,
          cost: estimate.cost,
        };
        row[index] = line;
        appendLedger(scoreFile, line);
        options.onScore?.(scorer.name, ++done, row.length);
      },
      shouldStop,
    );
    return row.every((l) => l !== undefined);
  };
  // One scorer after another, the supernets first: they are cheap, and their scores are worth having even if the truth is stopped.
  const inTurn = async (list: readonly Scorer[], shouldStop: () => boolean) => {
    for (const scorer of list) if (!(await scoreMissing(scorer, shouldStop))) return;
  };
  const supernetScorers = supernets.map((s) => s.scorer);
  if (truth.offProcess) {
    // The truth's workers train while this process scores the supernets; a failure on either side stops the other.
    let failed = false;
    const shouldStop = () => failed || (options.shouldStop?.() ?? false);
    const failing = (run: Promise<unknown>) =>
      run.catch((error: unknown) => {
        failed = true;
        throw error;
      });
    const settled = await Promise.allSettled([failing(scoreMissing(truth, shouldStop)), failing(inTurn(supernetScorers, shouldStop))]);
    const rejected = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (rejected) throw rejected.reason;
  } else {
    await inTurn([...supernetScorers, truth], () => options.shouldStop?.() ?? false);
  }
  const all = [...scores.values()].flat();
  if (all.some((l) => l === undefined)) return { stopped: true, scored: all.filter((l) => l !== undefined).length };

  const report = biasReport(space, architectures, genotypes, scores, supernets, truth.name, options);
  await writeFileAtomic(join(out, BIAS_FILES.report), `${JSON.stringify(report, null, 2)}\n`);
  return { stopped: false, report };
}
