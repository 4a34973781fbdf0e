import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { NasError } from '../errors.js';
import { toolkitVersion } from '../version.js';
import type { TableFile, TableRecipe, TableRun } from './api.js';
import { lockLedger } from './build-lock.js';
import { recipeDifference } from './recipe.js';
import { runTableJobs, type PoolOptions, type TableJob } from './run-pool.js';
import { assembleTable, ledgerPath, writeTable } from './table-file.js';
import { appendTableLedger, pairKey, resumeTableLedger, type LedgerRecord } from './table-ledger.js';

/** What to train: every architecture with every seed. */
export interface TablePlan {
  readonly recipe: TableRecipe;
  readonly archs: readonly string[];
  readonly seeds: readonly number[];
}

export interface BuildProgress {
  readonly done: number;
  readonly total: number;
  /** Runs trained by this call (not read from the ledger). */
  readonly trained: number;
  readonly run: TableRun;
}

export interface BuildOutcome {
  readonly table: TableFile;
  /** Runs this call trained; runs already in the ledger cost nothing. */
  readonly trained: number;
  readonly skipped: number;
  readonly stopped: boolean;
}

export interface BuildOptions extends PoolOptions {
  readonly onRun?: (p: BuildProgress) => void;
  /**
   * Train only the given plan's runs, leaving the ledger's other unfinished
   * ones to its own build: growing one architecture into a partial table whose
   * build was stopped must not train the rest of that build's plan.
   */
  readonly onlyPlan?: boolean;
}

/**
 * Builds or continues the table `out` from its ledger (`ledgerPath(out)`):
 * the ledger's header fixes the space and recipe, its plans say which
 * architectures and seeds belong to the table, its runs what is done. A plan
 * given here is added to the ledger's (a recipe other than the ledger's is a
 * one-line `NasError` naming the first difference); `plan` null continues the
 * ledger as it is (resume). Every finished run is appended to the ledger and
 * the table rewritten atomically, so a build killed at any moment loses at
 * most the runs in flight and the same command continues it.
 */
export async function buildTable(out: string, plan: TablePlan | null, options: BuildOptions): Promise<BuildOutcome> {
  const ledger = ledgerPath(out);
  mkdirSync(dirname(out), { recursive: true });
  const release = lockLedger(ledger);
  try {
    return await buildLocked(out, ledger, plan, options);
  } finally {
    release();
  }
}

async function buildLocked(out: string, ledger: string, plan: TablePlan | null, options: BuildOptions): Promise<BuildOutcome> {
  let records = resumeTableLedger(ledger);
  if (records.length === 0) {
    if (plan === null) throw new NasError(`no ledger ${ledger} to continue: start the build with its --archs and recipe`);
    const { recipe } = plan;
    const header: LedgerRecord = { kind: 'header', toolkit: toolkitVersion(), space: recipe.space, dataset: recipe.dataset, recipe };
    appendTableLedger(ledger, header);
    records = [header];
  }
  const header = records[0]!;
  if (header.kind !== 'header') throw new NasError(`${ledger}: the first line is not the table's header; the ledger is damaged`);
  if (plan !== null) {
    const difference = recipeDifference(plan.recipe, header.recipe);
    if (difference !== null)
      throw new NasError(`${ledger} was built with another recipe (${difference} in the ledger): keep its settings or build another --out`);
  }
  const planned = new Map<string, { arch: string; seed: number }>();
  const runs: TableRun[] = [];
  for (const record of records) {
    // Architecture-major: the seeds of an architecture train one after another, so a partial build already measures seed noise.
    if (record.kind === 'plan')
      for (const arch of record.archs) for (const seed of record.seeds) planned.set(pairKey(arch, seed), { arch, seed });
    if (record.kind === 'run') runs.push(record);
  }
  if (plan !== null) {
    const fresh = plan.archs.flatMap((arch) =>
      plan.seeds.filter((seed) => !planned.has(pairKey(arch, seed))).map((seed) => ({ arch, seed })),
    );
    if (fresh.length > 0) {
      appendTableLedger(ledger, { kind: 'plan', archs: plan.archs, seeds: plan.seeds });
      for (const pair of fresh) planned.set(pairKey(pair.arch, pair.seed), pair);
    }
  }
  const done = new Set(runs.map((r) => pairKey(r.arch, r.seed)));
  const wanted = options.onlyPlan && plan !== null ? new Set(plan.archs.flatMap((a) => plan.seeds.map((seed) => pairKey(a, seed)))) : null;
  const jobs: TableJob[] = [...planned.values()]
    .filter((p) => !done.has(pairKey(p.arch, p.seed)) && (wanted === null || wanted.has(pairKey(p.arch, p.seed))))
    .map((p) => ({ recipe: header.recipe, ...p }));
  const skipped = planned.size - jobs.length;
  const headerFields = { toolkit: header.toolkit, space: header.space, dataset: header.dataset, recipe: header.recipe };
  let trained = 0;
  if (!existsSync(out) || jobs.length === 0) writeTable(out, assembleTable(headerFields, ledger, runs));
  const complete = await runTableJobs(jobs, options, async (run) => {
    appendTableLedger(ledger, { kind: 'run', ...run });
    runs.push(run);
    const count = ++trained;
    writeTable(out, assembleTable(headerFields, ledger, runs));
    options.onRun?.({ done: skipped + count, total: planned.size, trained: count, run });
  });
  return { table: assembleTable(headerFields, ledger, runs), trained, skipped, stopped: !complete };
}
