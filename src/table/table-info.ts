import { spaceByName } from '../../cells/index.js';
import { bootstrapCI, kendallTauB, spearmanRho, type BootstrapInterval } from '../analysis/stats/index.js';
import { createRng } from '../random/index.js';
import { computationKey, countGenotypes, parseGenotype, uniqueGenotypes } from '../space/index.js';
import type { TableFile } from './api.js';
import { type PerfectRanker, perfectRankerTau } from './ceiling-model.js';

/** Seed-to-seed agreement over a set of architectures: how well one training ranks them like another. */
export interface SeedAgreement {
  readonly archs: number;
  readonly tau: BootstrapInterval;
  readonly rho: BootstrapInterval;
}

export interface TableInfo {
  readonly archs: number;
  readonly runs: number;
  /** Distinct computations among the table's architectures, and in the space (null: too large to enumerate). */
  readonly unique: number;
  readonly spaceUnique: number | null;
  readonly spaceSize: bigint;
  /** Seeds and how many architectures have each count of seeds. */
  readonly seeds: readonly number[];
  readonly seedCounts: Readonly<Record<number, number>>;
  readonly val: { readonly min: number; readonly median: number; readonly max: number };
  readonly test: { readonly min: number; readonly median: number; readonly max: number };
  /** Mean wall seconds per run, and mean CPU seconds over the runs that recorded them (NaN: none did). */
  readonly secondsPerRun: number;
  readonly cpuSecondsPerRun: number;
  /** The noise ceiling (first two seeds): over every architecture with both, and over the better half by their mean val. Null without two seeds. */
  readonly ceiling: { readonly all: SeedAgreement; readonly top: SeedAgreement } | null;
  /** Seed-to-seed Kendall tau of val after each epoch (whether a longer schedule would rank more stably). Empty without two seeds. */
  readonly tauByEpoch: readonly number[];
  /**
   * Why the ceiling is where it is (first two seeds, val in points): the
   * noise of one run (sd of the seed difference over the square root of 2)
   * against the spread of the architectures (sd of their two-seed means).
   * Ranks agree well only where the spread is several times the noise. Null
   * without three architectures with both seeds.
   */
  readonly noise: { readonly perRun: number; readonly spread: number } | null;
  /**
   * The tau a perfect estimator would reach against the table's val (the mean
   * over the seeds most architectures have), from a Gaussian model fitted to
   * the first two seeds: the realistic target for any estimator. Null without
   * three architectures with both seeds.
   */
  readonly perfectRanker: PerfectRanker | null;
}

function sd(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
}

function spread(values: number[]): TableInfo['val'] {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    min: sorted[0] ?? Number.NaN,
    median: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

function agreement(a: number[], b: number[], seed: string): SeedAgreement {
  const on = (f: (x: number[], y: number[]) => number) => (idx: number[]) =>
    f(
      idx.map((i) => a[i]!),
      idx.map((i) => b[i]!),
    );
  return {
    archs: a.length,
    tau: bootstrapCI(on(kendallTauB), a.length, { rng: createRng(`${seed}/tau`) }),
    rho: bootstrapCI(on(spearmanRho), a.length, { rng: createRng(`${seed}/rho`) }),
  };
}

/**
 * What a table holds and how far it can be trusted. The noise ceiling is the
 * rank agreement of the val accuracies of two trainings of the same
 * architectures with different seeds (Kendall tau-b and Spearman rho with 95%
 * percentile-bootstrap intervals over architectures): no estimator can agree
 * with the table better than the table agrees with itself. Over the better
 * half as well, where searches compete and differences are small.
 * `rankerArchs`: how many architectures the perfect estimator's tau is
 * simulated over (default: every architecture with two seeds).
 */
export function tableInfo(table: TableFile, options: { readonly rankerArchs?: number } = {}): TableInfo {
  const space = spaceByName(table.header.space);
  const entries = Object.entries(table.archs);
  const keys = new Set(entries.map(([arch]) => computationKey(space, parseGenotype(space, arch))));
  const spaceSize = countGenotypes(space);
  const seedSet = new Set<number>();
  const seedCounts: Record<number, number> = {};
  let runs = 0;
  let seconds = 0;
  const cpu: number[] = [];
  for (const [, entry] of entries) {
    for (const run of entry.runs) {
      seedSet.add(run.seed);
      seconds += run.seconds;
      if (run.cpu_seconds !== undefined) cpu.push(run.cpu_seconds);
    }
    runs += entry.runs.length;
    seedCounts[entry.runs.length] = (seedCounts[entry.runs.length] ?? 0) + 1;
  }
  const seeds = [...seedSet].sort((a, b) => a - b);
  let ceiling: TableInfo['ceiling'] = null;
  let noise: TableInfo['noise'] = null;
  let perfectRanker: TableInfo['perfectRanker'] = null;
  const tauByEpoch: number[] = [];
  if (seeds.length >= 2) {
    const [s1, s2] = [seeds[0]!, seeds[1]!];
    const pairs = entries.flatMap(([, e]) => {
      const [r1, r2] = [e.runs.find((r) => r.seed === s1), e.runs.find((r) => r.seed === s2)];
      return r1 && r2 ? [[r1.val, r2.val] as const] : [];
    });
    const both = entries.flatMap(([, e]) => {
      const [r1, r2] = [e.runs.find((r) => r.seed === s1), e.runs.find((r) => r.seed === s2)];
      return r1 && r2 ? [[r1, r2] as const] : [];
    });
    const epochs = Math.min(...both.map(([a, b]) => Math.min(a.curve.length, b.curve.length)));
    if (both.length >= 2)
      for (let e = 0; e < epochs; e++)
        tauByEpoch.push(
          kendallTauB(
            both.map(([a]) => a.curve[e]!.val),
            both.map(([, b]) => b.curve[e]!.val),
          ),
        );
    const modalSeeds = Number(Object.entries(seedCounts).sort((a, b) => b[1] - a[1] || Number(b[0]) - Number(a[0]))[0]![0]);
    perfectRanker = perfectRankerTau(pairs, modalSeeds, 100, options.rankerArchs ?? pairs.length);
    if (pairs.length >= 3)
      noise = {
        perRun: sd(pairs.map(([a, b]) => a - b)) / Math.SQRT2,
        spread: sd(pairs.map(([a, b]) => (a + b) / 2)),
      };
    if (pairs.length >= 2) {
      const top = [...pairs].sort((p, q) => q[0] + q[1] - (p[0] + p[1])).slice(0, Math.max(2, Math.floor(pairs.length / 2)));
      ceiling = {
        all: agreement(
          pairs.map((p) => p[0]),
          pairs.map((p) => p[1]),
          'all',
        ),
        top: agreement(
          top.map((p) => p[0]),
          top.map((p) => p[1]),
          'top',
        ),
      };
    }
  }
  return {
    archs: entries.length,
    runs,
    unique: keys.size,
    spaceUnique: spaceSize <= 1_000_000n ? uniqueGenotypes(space).length : null,
    spaceSize,
    seeds,
    seedCounts,
    val: spread(entries.map(([, e]) => e.val)),
    test: spread(entries.map(([, e]) => e.test)),
    secondsPerRun: runs === 0 ? Number.NaN : seconds / runs,
    cpuSecondsPerRun: cpu.length === 0 ? Number.NaN : cpu.reduce((a, b) => a + b, 0) / cpu.length,
    ceiling,
    tauByEpoch,
    noise,
    perfectRanker,
  };
}
