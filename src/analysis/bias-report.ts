import { createRng } from '../random/index.js';
import type { Genotype, SearchSpace } from '../space/api.js';
import type {
  BiasReport,
  BiasStudyOptions,
  ScoreLine,
  StudyArchitecture,
  StudySupernet,
  SupernetAgreement,
  TrainingUsage,
} from './bias-api.js';
import { opBias } from './op-bias.js';
import { bootstrapCI, kendallTauB, pearson, regret, spearmanRho, topKOverlap } from './stats/index.js';

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

/**
 * The study's report from its complete scores: per supernet, how its ranking
 * of the uniform sample agrees with the truth's (Kendall tau-b, Spearman rho,
 * top-k overlap with paired bootstrap intervals seeded per supernet and
 * statistic), its pick's regret, its preferred architectures' truth and
 * rank, its per-op bias and its training's op shares; and each scorer's cost.
 */
export function biasReport(
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
