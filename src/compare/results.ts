import { spaceByName } from '../../cells/index.js';
import type { BootstrapInterval } from '../analysis/stats/index.js';
import { tableInfo, type TableFile } from '../table/index.js';
import type { CompareRecord, CompareSettings, LookupRecord, RunRecord, TauRecord } from './api.js';
import { chooseMethods, type MethodKind } from './methods.js';

/** Mean and sample standard deviation (n - 1; 0 for one value) over seeds. */
export interface MeanStd {
  readonly mean: number;
  readonly std: number;
}

export function meanStd(values: readonly number[]): MeanStd {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std };
}

/** One row of the table of methods: over the seeds finished. */
export interface MethodRow {
  readonly method: string;
  readonly label: string;
  readonly kind: MethodKind;
  readonly seeds: number;
  readonly genotypes: readonly string[];
  /** Architectures the table lacked and the comparison trained into it. */
  readonly grown: number;
  /** The table's val and test accuracy (%) of the method's architecture. */
  readonly val: MeanStd;
  readonly test: MeanStd;
  /** Share (%) of the table's architectures whose test accuracy is below the method's architecture's. */
  readonly percentile: MeanStd;
  /** Search wall seconds: supernet training (and its evolution), or the black-box run. */
  readonly seconds: MeanStd;
  /** Supernets: Kendall tau against the table at the end of each seed's search, and over the first seed's training. */
  readonly tau: { readonly mean: MeanStd; readonly per_seed: readonly BootstrapInterval[] } | null;
  readonly tau_snapshots: readonly { readonly epoch: number; readonly tau: BootstrapInterval }[] | null;
  /** By `BEATS_RANDOM_RULE`; null for random search itself or without it. */
  readonly beats_random: boolean | null;
}

export interface CompareResults {
  readonly table: string;
  readonly space: string;
  readonly archs: number;
  readonly settings: CompareSettings;
  readonly rule: string;
  /** The table's best architecture by val (what a perfect search on val finds), and its best test accuracy. */
  readonly optimum: {
    readonly genotype: string;
    readonly val: number;
    readonly test: number;
    readonly percentile: number;
    readonly best_test: number;
  };
  /** The table's noise ceiling: seed-to-seed Kendall tau over all its architectures and the better half (`nas table info`). */
  readonly ceiling: { readonly all: BootstrapInterval; readonly top: BootstrapInterval } | null;
  /**
   * What a perfect estimator (one that knew every architecture's true
   * accuracy) would reach against the table's val over as many architectures
   * as the supernets' tau, from the table's seed-noise model (`nas table
   * info`): the target a supernet's tau is read against. Null when the table
   * cannot fit the model (fewer than three architectures with two seeds);
   * absent from a comparison written before it was added.
   */
  readonly perfect_ranker?: { readonly tau: number; readonly low: number; readonly high: number; readonly archs: number } | null;
  readonly methods: readonly MethodRow[];
}

export const BEATS_RANDOM_RULE =
  "a method beats random search when its mean table test accuracy over seeds is above random search's mean by more than random search's standard deviation over seeds";

/** The table of methods from the ledger's records and the table as it is now. */
export function compareResults(settings: CompareSettings, records: readonly CompareRecord[], table: TableFile): CompareResults {
  const entries = Object.entries(table.archs);
  const tests = entries.map(([, e]) => e.test);
  const percentile = (test: number) => (100 * tests.filter((t) => t < test).length) / tests.length;
  const of = <R extends CompareRecord>(method: string, step: R['step']) =>
    records.filter((r): r is R => r.method === method && r.step === step).sort((a, b) => a.seed - b.seed);
  const rows = chooseMethods(settings.methods).flatMap((m): Omit<MethodRow, 'beats_random'>[] => {
    const picks = of<LookupRecord>(m.name, 'lookup');
    if (picks.length === 0) return [];
    const seeds = new Set(picks.map((p) => p.seed));
    const runs = records.filter(
      (r): r is RunRecord =>
        r.method === m.name && seeds.has(r.seed) && (r.step === 'search' || r.step === 'evolve' || r.step === 'black-box'),
    );
    const taus = of<TauRecord>(m.name, 'tau');
    return [
      {
        method: m.name,
        label: m.label,
        kind: m.kind,
        seeds: picks.length,
        genotypes: picks.map((p) => p.genotype),
        grown: picks.filter((p) => p.grown).length,
        val: meanStd(picks.map((p) => p.val)),
        test: meanStd(picks.map((p) => p.test)),
        percentile: meanStd(picks.map((p) => percentile(p.test))),
        seconds: meanStd([...seeds].map((s) => runs.filter((r) => r.seed === s).reduce((sum, r) => sum + r.seconds, 0))),
        tau: taus.length > 0 ? { mean: meanStd(taus.map((t) => t.tau.estimate)), per_seed: taus.map((t) => t.tau) } : null,
        tau_snapshots: taus.find((t) => t.seed === 0)?.snapshots ?? null,
      },
    ];
  });
  const random = rows.find((r) => r.method === 'random');
  const methods = rows.map((r) => ({
    ...r,
    beats_random: random === undefined || r.method === 'random' ? null : r.test.mean - random.test.mean > random.test.std,
  }));
  const [genotype, best] = entries.reduce((a, b) => (b[1].val > a[1].val || (b[1].val === a[1].val && b[1].test > a[1].test) ? b : a));
  // The supernets' tau was measured over this many of the pool's architectures (the pool: the table as the comparison began).
  const measured = records.flatMap((r) => (r.step === 'tau' ? [r.archs] : []));
  const tauArchs = measured.length > 0 ? Math.max(...measured) : Math.min(settings.tauArchs, entries.length);
  const info = tableInfo(table, { rankerArchs: tauArchs });
  return {
    table: settings.table,
    space: spaceByName(table.header.space).name,
    archs: entries.length,
    settings,
    rule: BEATS_RANDOM_RULE,
    optimum: { genotype, val: best.val, test: best.test, percentile: percentile(best.test), best_test: Math.max(...tests) },
    ceiling: info.ceiling === null ? null : { all: info.ceiling.all.tau, top: info.ceiling.top.tau },
    perfect_ranker:
      info.perfectRanker === null
        ? null
        : { tau: info.perfectRanker.tau, low: info.perfectRanker.lo, high: info.perfectRanker.hi, archs: tauArchs },
    methods,
  };
}
