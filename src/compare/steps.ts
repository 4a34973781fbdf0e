import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { estimatorScorer, runBiasStudy, type StudySupernet } from '../analysis/index.js';
import type { BlackBoxResult } from '../black-box/run-black-box.js';
import { NasError, firstLine } from '../errors.js';
import { SupernetEstimator, TableEstimator, type Estimator } from '../estimators/index.js';
import { openFinishedRun } from '../runs/index.js';
import { canonicalString, computationKey, parseGenotype, RestrictedSpace } from '../space/index.js';
import { buildTable, readTable, tableRecipe } from '../table/index.js';
import type { Genotype, SearchSpace } from '../space/api.js';
import type { CompareRecord, CompareSettings, LookupRecord, NasCommand, RunRecord, TauRecord } from './api.js';
import { COMPARE_FILES } from './api.js';
import type { CompareMethod, MethodKind } from './methods.js';

/** The steps of one (method, seed), in order: each lands as one ledger record. */
export const METHOD_STEPS: Readonly<Record<MethodKind, readonly CompareRecord['step'][]>> = {
  'one-shot': ['search', 'lookup', 'tau'],
  'supernet-evolution': ['search', 'evolve', 'lookup', 'tau'],
  table: ['black-box', 'lookup'],
};

/** What every step needs. */
export interface StepContext {
  readonly settings: CompareSettings;
  readonly out: string;
  readonly space: SearchSpace;
  readonly nas: NasCommand;
  /** Arguments every nested command gets (backend, threads). */
  readonly engine: readonly string[];
  readonly log: (line: string) => void;
}

/** One (method, seed) and the steps of it already done. */
export interface StepTarget {
  readonly method: CompareMethod;
  readonly seed: number;
  readonly done: ReadonlyMap<CompareRecord['step'], CompareRecord>;
}

/** Where a (method, seed)'s runs go. */
export const runDir = (out: string, method: string, seed: number, step: 'search' | 'evolve' | 'black-box' | 'tau') =>
  join(out, step === 'tau' ? 'tau' : 'runs', `${method}-s${seed}${step === 'evolve' ? '-evolve' : ''}`);

const tableBest = (dir: string): { genotype: string; seconds: number } => {
  const file = join(dir, 'result.json');
  if (!existsSync(file)) throw new NasError(`${dir} finished without a result.json`);
  const result = JSON.parse(readFileSync(file, 'utf8')) as BlackBoxResult;
  return { genotype: result.per_seed[0]!.genotype, seconds: result.seconds };
};

/**
 * Runs `nas ARGS` into `dir`: continued with `--resume` when an earlier try
 * left `marker` there (a checkpoint, a history), else started afresh (a try
 * killed before it wrote anything to resume from leaves nothing worth
 * keeping). False when it stopped on request; a failure is one line.
 */
async function nested(
  ctx: StepContext,
  what: string,
  dir: string,
  marker: string,
  fresh: readonly string[],
  shouldStop: () => boolean,
): Promise<boolean> {
  let args = fresh;
  if (existsSync(dir)) {
    if (existsSync(join(dir, marker))) args = [fresh[0]!, '--resume', dir];
    else rmSync(dir, { recursive: true, force: true });
  }
  ctx.log(`${what}: nas ${args.join(' ')}`);
  const { code, err } = await ctx.nas([...args, ...ctx.engine], shouldStop);
  if (code === 130) return false;
  if (code !== 0) throw new NasError(`${what}: nas ${args[0]} failed: ${err.trim().split('\n').at(-1) ?? `exit code ${code}`}`);
  return true;
}

async function searchStep(ctx: StepContext, t: StepTarget, shouldStop: () => boolean): Promise<RunRecord | null> {
  const { settings } = ctx;
  const dir = runDir(ctx.out, t.method.name, t.seed, 'search');
  const args = [
    'search',
    ...t.method.search!,
    '--data-from-table',
    settings.table,
    '--epochs',
    String(settings.epochs),
    '--seed',
    String(t.seed),
    ...(settings.batchSize !== undefined ? ['--batch-size', String(settings.batchSize)] : []),
    // The first seed keeps its supernet of every epoch: tau over its training.
    ...(t.seed === 0 && settings.tauSnapshots > 0 ? ['--snapshots'] : []),
    '--out',
    dir,
  ];
  if (!(await nested(ctx, `${t.method.name} seed ${t.seed}`, dir, 'checkpoint.nas', args, shouldStop))) return null;
  const seconds = openFinishedRun(dir).log.reduce((s, e) => s + e.seconds, 0);
  return { step: 'search', method: t.method.name, seed: t.seed, dir, seconds };
}

async function blackBoxStep(
  ctx: StepContext,
  t: StepTarget,
  step: 'evolve' | 'black-box',
  shouldStop: () => boolean,
): Promise<RunRecord | null> {
  const { settings } = ctx;
  const dir = runDir(ctx.out, t.method.name, t.seed, step);
  const estimator =
    step === 'evolve'
      ? ['--estimator', `supernet:${(t.done.get('search') as RunRecord).dir}`]
      : ['--estimator', `table:${settings.table}`, '--within-table', settings.table, '--space', ctx.space.name];
  const args = [
    t.method.blackBox!,
    ...estimator,
    '--budget',
    String(settings.queries),
    '--seeds',
    '1',
    '--seed',
    String(t.seed),
    '--out',
    dir,
  ];
  if (!(await nested(ctx, `${t.method.name} seed ${t.seed}`, dir, 'history.jsonl', args, shouldStop))) return null;
  return { step, method: t.method.name, seed: t.seed, dir, seconds: tableBest(dir).seconds };
}

/** The method's architecture: a one-shot search's derived genotype, else its black-box run's best. */
function pickOf(ctx: StepContext, t: StepTarget): Genotype {
  if (t.method.kind === 'one-shot') {
    const run = openFinishedRun((t.done.get('search') as RunRecord).dir);
    if (run.genotype === null) throw new NasError(`${run.dir} derived no genotype`);
    return run.genotype;
  }
  const from = (t.done.get(t.method.kind === 'table' ? 'black-box' : 'evolve') as RunRecord).dir;
  return parseGenotype(ctx.space, tableBest(from).genotype);
}

async function lookupStep(ctx: StepContext, t: StepTarget, shouldStop: () => boolean): Promise<LookupRecord | null> {
  const genotype = pickOf(ctx, t);
  const started = performance.now();
  const file = ctx.settings.table;
  const table = readTable(file);
  const key = computationKey(ctx.space, genotype);
  // Isomorphic twins count as present: the table estimator answers them.
  const present = Object.keys(table.archs).some((arch) => computationKey(ctx.space, parseGenotype(ctx.space, arch)) === key);
  if (!present) {
    ctx.log(`${t.method.name} seed ${t.seed}: ${canonicalString(genotype)} is not in the table; training it with the table's recipe`);
    // Only this architecture, with the table's seeds: a partial table's unfinished build plan is left to its own build.
    const seeds = [...new Set(Object.values(table.archs).flatMap((e) => e.runs.map((r) => r.seed)))].sort((a, b) => a - b);
    const plan = { recipe: tableRecipe(table), archs: [canonicalString(genotype)], seeds: seeds.length > 0 ? seeds : [1] };
    const built = await buildTable(file, plan, { workers: 1, onlyPlan: true, shouldStop });
    // Stopped between its runs: the finished ones are in the table's ledger, and the resume trains the rest.
    if (built.stopped) return null;
  }
  const estimate = await new TableEstimator(ctx.space, file).estimate(genotype);
  if (estimate.test === undefined) throw new NasError(`table ${file} gave no test accuracy for ${canonicalString(genotype)}`);
  const seconds = (performance.now() - started) / 1000;
  return {
    step: 'lookup',
    method: t.method.name,
    seed: t.seed,
    genotype: canonicalString(genotype),
    val: estimate.score,
    test: estimate.test,
    grown: !present,
    seconds,
  };
}

/** `count` epochs spread evenly before the last (the last is the finished supernet itself). */
export function snapshotEpochs(epochs: number, count: number): number[] {
  const picked = Array.from({ length: count }, (_, i) => Math.round((epochs * (i + 1)) / (count + 1)));
  return [...new Set(picked)].filter((e) => e >= 1 && e < epochs);
}

async function tauStep(ctx: StepContext, t: StepTarget, shouldStop: () => boolean): Promise<TauRecord | null> {
  const { settings, space } = ctx;
  const search = (t.done.get('search') as RunRecord).dir;
  const snapshotsDir = join(search, 'snapshots');
  const have = existsSync(snapshotsDir) ? new Set(readdirSync(snapshotsDir)) : new Set<string>();
  const epochs = t.seed === 0 ? snapshotEpochs(settings.epochs, settings.tauSnapshots).filter((e) => have.has(`epoch-${e}.nas`)) : [];
  const pool = (JSON.parse(readFileSync(join(ctx.out, COMPARE_FILES.pool), 'utf8')) as string[]).map((g) => parseGenotype(space, g));
  const within = new RestrictedSpace(space, pool, `table ${settings.table} as the comparison began`);
  const k = Math.min(settings.tauArchs, Number(within.count()));
  const owned: Estimator[] = [];
  const started = performance.now();
  try {
    const supernets: StudySupernet[] = [];
    for (const [name, path] of [['final', search], ...epochs.map((e) => [`epoch-${e}`, join(snapshotsDir, `epoch-${e}.nas`)])] as const) {
      const estimator = await SupernetEstimator.load(path);
      owned.push(estimator);
      supernets.push({ scorer: estimatorScorer(name, estimator), preferred: [] });
    }
    const dir = runDir(ctx.out, t.method.name, t.seed, 'tau');
    ctx.log(`${t.method.name} seed ${t.seed}: Kendall tau of ${supernets.length} supernet(s) over ${k} architectures of the table`);
    // One seed for every supernet: all are measured on the same architectures.
    const outcome = await runBiasStudy(space, supernets, estimatorScorer('table', new TableEstimator(space, settings.table)), {
      k,
      seed: 'compare',
      unique: true,
      within,
      bootstrap: settings.bootstrap,
      out: dir,
      resume: existsSync(join(dir, 'architectures.json')),
      shouldStop,
    });
    if (outcome.stopped) return null;
    const tauOf = (name: string) => outcome.report.supernets.find((s) => s.supernet === name)!.kendall_tau;
    return {
      step: 'tau',
      method: t.method.name,
      seed: t.seed,
      archs: k,
      tau: tauOf('final'),
      snapshots: epochs.map((epoch) => ({ epoch, tau: tauOf(`epoch-${epoch}`) })),
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    if (error instanceof NasError) throw error;
    throw new NasError(`${t.method.name} seed ${t.seed}: tau: ${firstLine(error)}`);
  } finally {
    for (const e of owned) e.dispose?.();
  }
}

/** Runs one step of a (method, seed); null when it stopped on request (what it did is kept for the resume). */
export function runStep(
  ctx: StepContext,
  t: StepTarget,
  step: CompareRecord['step'],
  shouldStop: () => boolean,
): Promise<CompareRecord | null> {
  const steps: Record<CompareRecord['step'], () => Promise<CompareRecord | null>> = {
    search: () => searchStep(ctx, t, shouldStop),
    evolve: () => blackBoxStep(ctx, t, 'evolve', shouldStop),
    'black-box': () => blackBoxStep(ctx, t, 'black-box', shouldStop),
    lookup: () => lookupStep(ctx, t, shouldStop),
    tau: () => tauStep(ctx, t, shouldStop),
  };
  return steps[step]();
}
