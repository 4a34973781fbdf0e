import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../checkpoint/index.js';
import { appendLedger, resumeLedger } from '../runs/ledger.js';
import type { OpUsage } from '../runs/finished-run.js';
import { writeRunConfig } from '../runs/open-run.js';
import { prepareRunDir } from '../runs/run-dir.js';
import { yieldToEventLoop } from '../runs/yield.js';
import { NasError } from '../errors.js';
import { EstimateStopped, type Estimate, type Estimator } from '../estimators/api.js';
import { createRng } from '../random/index.js';
import { canonicalString, computationKey, parseGenotype, wholeSpace, type ArchitectureMoves } from '../space/index.js';
import type { Genotype, SearchSpace } from '../space/api.js';
import { opBias, type OpBias } from './op-bias.js';
import { bootstrapCI, kendallTauB, pearson, regret, spearmanRho, topKOverlap, type BootstrapInterval } from './stats/index.js';

/**
 * Scores a list of architectures: a supernet estimator, stand-alone training
 * in this process, or jobs on other machines. `onScore` is called as each
 * score lands (in any order), so a study keeps every score it paid for.
 */
export interface Scorer {
  readonly name: string;
  /**
   * Scores outside this process (a pool of child processes, a queue of
   * workers): a study then runs it alongside the supernets, whose scoring
   * would otherwise leave those workers idle.
   */
  readonly offProcess?: boolean;
  scoreAll(genotypes: readonly Genotype[], onScore: (index: number, estimate: Estimate) => void, shouldStop?: () => boolean): Promise<void>;
}

/**
 * A scorer asking an estimator one architecture after another. An estimate
 * stopped part-way (a training that checkpointed on a stop request) ends the
 * round like a stop between estimates: the study is stopped, not failed.
 * It lets the event loop run before each estimate: a supernet's estimate is
 * synchronous tensor work, and awaiting it alone runs no timer or I/O, so an
 * off-process truth's workers would get no new job until every supernet was done.
 */
export function estimatorScorer(name: string, estimator: Estimator): Scorer {
  return {
    name,
    async scoreAll(genotypes, onScore, shouldStop) {
      for (let i = 0; i < genotypes.length; i++) {
        await yieldToEventLoop();
        if (shouldStop?.()) return;
        let estimate: Estimate;
        try {
          estimate = await estimator.estimate(genotypes[i]!);
        } catch (error) {
          if (error instanceof EstimateStopped) return;
          throw error;
        }
        onScore(i, estimate);
      }
    },
  };
}

/** How a supernet's training spread over the ops: the op usage its run logged (see `openFinishedRun`). */
export type TrainingUsage = OpUsage;

/** A trained supernet in a study, with the architectures its strategy prefers (its derived genotype ...). */
export interface StudySupernet {
  readonly scorer: Scorer;
  readonly preferred: readonly Genotype[];
  readonly training?: TrainingUsage;
}

/** Each option's share of a group's usage (sampled steps or weight), summed over the group's rows (edges). */
export function optionShares(usage: TrainingUsage): Record<string, Record<string, number>> {
  return Object.fromEntries(
    Object.entries(usage.groups).map(([group, rows]) => {
      const names = usage.options[group] ?? [];
      const totals = names.map((_, k) => rows.reduce((s, row) => s + (row[k] ?? 0), 0));
      const all = totals.reduce((a, b) => a + b, 0);
      return [group, Object.fromEntries(names.map((n, k) => [n, all > 0 ? totals[k]! / all : 0]))];
    }),
  );
}

export interface BiasStudyOptions {
  /** Architectures drawn uniformly from the space (the ranking statistics use these). */
  readonly k: number;
  readonly seed: string;
  /**
   * Draw architectures distinct as computations (`computationKey`: isomorphic
   * cells and edges that cannot reach the output count once), not merely as
   * strings: of 1,000 distinct NB201 strings drawn uniformly, 684 were distinct computations.
   */
  readonly unique?: boolean;
  /**
   * Draw from these architectures instead of the whole space (`--within-table`:
   * a partial table's, so that a table truth answers every draw without
   * training); absent, the whole space.
   */
  readonly within?: ArchitectureMoves;
  /** Bootstrap resamples for the confidence intervals (default 1000). */
  readonly bootstrap?: number;
  /** The top-k of the overlap statistic, as a share of the uniform sample (default 0.1; at least 1). */
  readonly topShare?: number;
  readonly out: string;
  readonly resume?: boolean;
  /** Plain JSON written as the `config` of a new study's header in `config.json` (what resuming it needs). */
  readonly config?: unknown;
  readonly shouldStop?: () => boolean;
  readonly onScore?: (scorer: string, done: number, total: number) => void;
}

/** One architecture of a study. */
export interface StudyArchitecture {
  readonly genotype: string;
  /** `uniform`, or the supernet that prefers it. */
  readonly source: string;
}

/** How well one supernet's scores rank the uniform sample against the truth. */
export interface SupernetAgreement {
  readonly supernet: string;
  readonly kendall_tau: BootstrapInterval;
  readonly spearman_rho: BootstrapInterval;
  readonly pearson: number;
  readonly top_k: { readonly k: number; readonly overlap: BootstrapInterval };
  /** Truth of the best architecture minus truth of the one the supernet scores best. */
  readonly regret: number;
  readonly pick: { readonly genotype: string; readonly supernet: number; readonly truth: number };
  /** Its preferred architectures' truth and their rank among the uniform sample's truths (1 = best). */
  readonly preferred: readonly { readonly genotype: string; readonly truth: number | null; readonly rank: number | null }[];
  readonly op_bias: readonly OpBias[];
  /** How its training spread over the ops (per group, each op's share), when the run logged it. */
  readonly training: {
    readonly kind: TrainingUsage['kind'];
    readonly shares: Record<string, Record<string, number>>;
    readonly groups: TrainingUsage['groups'];
  } | null;
}

export interface BiasReport {
  readonly space: string;
  readonly truth: string;
  readonly k: number;
  readonly seed: string;
  readonly bootstrap: number;
  readonly architectures: readonly (StudyArchitecture & { readonly scores: Readonly<Record<string, number | null>> })[];
  readonly supernets: readonly SupernetAgreement[];
  /** Summed costs per scorer (seconds of compute, or the estimator's unit). */
  readonly cost: Readonly<Record<string, number>>;
}

export type BiasOutcome = { readonly stopped: false; readonly report: BiasReport } | { readonly stopped: true; readonly scored: number };

/** Files of a bias study's directory. */
export const BIAS_FILES = { architectures: 'architectures.json', scores: 'scores.jsonl', report: 'bias.json' } as const;

interface ScoreLine {
  readonly scorer: string;
  readonly index: number;
  readonly genotype: string;
  readonly score: number;
  readonly cost: number;
}

/** K distinct uniform architectures, then each supernet's preferred ones not among them. */
function drawArchitectures(
  moves: ArchitectureMoves,
  supernets: readonly StudySupernet[],
  k: number,
  seed: string,
  unique: boolean,
): StudyArchitecture[] {
  const { space } = moves;
  if (BigInt(k) > moves.count())
    throw new NasError(`cannot draw ${k} distinct architectures from ${moves.description}: it holds ${moves.count()}`);
  const rng = createRng(`${seed}/architectures`);
  const seen = new Set<string>();
  const keyOf = (g: Genotype) => (unique ? computationKey(space, g) : canonicalString(g));
  const list: StudyArchitecture[] = [];
  for (let tries = 0; list.length < k; tries++) {
    if (tries > 100 * k) throw new NasError(`cannot draw ${k} distinct architectures from ${moves.description}`);
    const genotype = moves.sample(rng);
    const key = keyOf(genotype);
    if (seen.has(key)) continue;
    seen.add(key);
    list.push({ genotype: canonicalString(genotype), source: 'uniform' });
  }
  for (const s of supernets) {
    for (const g of s.preferred) {
      const key = keyOf(g);
      if (seen.has(key)) continue;
      seen.add(key);
      list.push({ genotype: canonicalString(g), source: s.scorer.name });
    }
  }
  return list;
}

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

function biasReport(
  space: SearchSpace,
  architectures: readonly StudyArchitecture[],
  genotypes: readonly Genotype[],
  scores: ReadonlyMap<string, readonly (ScoreLine | undefined)[]>,
  studied: readonly StudySupernet[],
  truthName: string,
  options: BiasStudyOptions,
): BiasReport {
  const samples = options.bootstrap ?? 1000;
  const value = (scorer: string, i: number) => scores.get(scorer)![i]!.score;
  const uniform = architectures.flatMap((a, i) => (a.source === 'uniform' ? [i] : []));
  const truth = uniform.map((i) => value(truthName, i));
  const k = Math.max(1, Math.round((options.topShare ?? 0.1) * uniform.length));
  const supernets = studied.map(({ scorer: { name }, training }): SupernetAgreement => {
    const s = uniform.map((i) => value(name, i));
    const ci = (tag: string, f: (a: number[], b: number[]) => number) =>
      bootstrapCI(
        (idx) =>
          f(
            idx.map((j) => s[j]!),
            idx.map((j) => truth[j]!),
          ),
        s.length,
        { samples, rng: createRng(`${options.seed}/bootstrap/${name}/${tag}`) },
      );
    const best = s.reduce((b, v, j) => (v > s[b]! ? j : b), 0);
    const preferred = architectures.flatMap((a, i) => (a.source === name ? [i] : []));
    return {
      supernet: name,
      kendall_tau: ci('tau', kendallTauB),
      spearman_rho: ci('rho', spearmanRho),
      pearson: pearson(s, truth),
      top_k: { k, overlap: ci('top-k', (a, b) => topKOverlap(a, b, Math.min(k, a.length))) },
      regret: regret(s, truth),
      pick: { genotype: architectures[uniform[best]!]!.genotype, supernet: s[best]!, truth: truth[best]! },
      preferred: preferred.map((i) => {
        const t = value(truthName, i);
        return { genotype: architectures[i]!.genotype, truth: t, rank: 1 + truth.filter((v) => v > t).length };
      }),
      op_bias: opBias(
        uniform.map((i) => genotypes[i]!),
        s,
        truth,
      ),
      training: training ? { kind: training.kind, shares: optionShares(training), groups: training.groups } : null,
    };
  });
  const cost: Record<string, number> = {};
  for (const [scorer, row] of scores) cost[scorer] = row.reduce((c, l) => c + (l?.cost ?? 0), 0);
  return {
    space: space.name,
    truth: truthName,
    k: uniform.length,
    seed: options.seed,
    bootstrap: samples,
    architectures: architectures.map((a, i) => ({
      ...a,
      scores: Object.fromEntries([...scores].map(([n, row]) => [n, row[i]?.score ?? null])),
    })),
    supernets,
    cost,
  };
}
