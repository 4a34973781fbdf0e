import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../checkpoint/index.js';
import { NasError } from '../../errors.js';
import { SupernetEstimator, type SupernetEstimatorOptions } from '../../estimators/supernet.js';
import { TableEstimator } from '../../estimators/table.js';
import { openFinishedRun } from '../../runs/finished-run.js';
import { prepareRunDir, runFile } from '../../runs/run-dir.js';
import { canonicalString } from '../../space/index.js';
import { continuedConfig, parentLearningRate } from '../restricted/continued-config.js';
import { registerRestrictedSpos } from '../restricted/spec.js';
import { runSearch, type RunSearchOptions } from '../run/run-search.js';
import { PRUNE_FILES, type PruneManifest, readPruneManifest } from './manifest.js';
import { type PrunePool, poolArchitectures, topShare } from './pool.js';
import { type PruneAgreement, pruneAgreement } from './prune-report.js';
import { scoreIntoLedger } from './score-ledger.js';
import { seedPairs } from './seed-noise.js';

export interface PruneOptions {
  /** The trained supernet: a search run directory, its `checkpoint.nas` or a snapshot. */
  readonly parent: string;
  /** Share of the pool kept, in (0, 1]. */
  readonly keep: number;
  readonly pool: PrunePool;
  /** Fine-tuning epochs on the kept architectures. */
  readonly epochs: number;
  readonly out: string;
  /** Continue the run in `out` with its own settings (the others are then ignored). */
  readonly resume?: boolean;
  /** Fine-tuning's initial learning rate; default: where the parent's schedule had reached. */
  readonly weightLr?: number;
  /** A table file: score the pool with the parent and the fine-tuned supernet against it. */
  readonly truth?: string;
  readonly scoring?: Partial<SupernetEstimatorOptions>;
  readonly bootstrap?: number;
  readonly shouldStop?: () => boolean;
  readonly onPhase?: (phase: string) => void;
  readonly onScore?: (done: number, total: number) => void;
  readonly onStep?: RunSearchOptions['onStep'];
  readonly onEpoch?: RunSearchOptions['onEpoch'];
}

export type PruneOutcome =
  | { readonly stopped: true }
  | {
      readonly stopped: false;
      readonly manifest: PruneManifest;
      readonly kept: readonly string[];
      readonly agreement: PruneAgreement | null;
    };

/** A new run's manifest from the options, checked against the parent. */
function newManifest(options: PruneOptions): PruneManifest {
  if (!(options.keep > 0 && options.keep <= 1)) throw new NasError(`--keep must be a share in (0, 1], got ${options.keep}`);
  if (!(Number.isInteger(options.epochs) && options.epochs > 0))
    throw new NasError(`--epochs must be a positive integer, got ${options.epochs}`);
  const parent = openFinishedRun(resolve(options.parent), `--from ${options.parent}`);
  const weightLr = options.weightLr ?? parentLearningRate(parent);
  if (!(Number.isFinite(weightLr) && weightLr >= 0)) throw new NasError(`--weight-lr must be a number >= 0, got ${weightLr}`);
  // A truth that cannot be read fails now, not after the fine-tuning.
  if (options.truth !== undefined) new TableEstimator(parent.space, resolve(options.truth));
  const pool = options.pool.kind === 'table' ? { kind: 'table' as const, file: resolve(options.pool.file) } : options.pool;
  return {
    kind: 'prune',
    parent: parent.checkpointFile,
    parentEpochs: parent.epochs,
    keep: options.keep,
    pool,
    epochs: options.epochs,
    weightLr,
    truth: options.truth === undefined ? null : resolve(options.truth),
    scoring: { ...options.scoring },
    bootstrap: options.bootstrap ?? 1000,
    budgetEpochs: parent.epochs + options.epochs,
  };
}

/**
 * Prune-and-fine-tune (Ning et al., "Evaluating Efficient Performance
 * Estimators of Neural Architectures", NeurIPS 2021): rank a pool of
 * architectures with the trained supernet, keep its top share, and train the
 * supernet further (SPOS's step, from the parent's weights) on the kept
 * architectures only, so its remaining capacity goes to telling the good ones
 * apart. With a truth table, the pool is scored again by the fine-tuned
 * supernet and the report gives Kendall tau over the pool and within the
 * kept share, before and after.
 *
 * Every phase leaves its result in `out` (`prune.json`, the parent's scores
 * as a ledger, `kept.json`, the fine-tuning search run, the tuned scores,
 * `prune-report.json`), so a stopped run resumes where it was.
 */
export async function runPrune(options: PruneOptions): Promise<PruneOutcome> {
  registerRestrictedSpos();
  const out = resolve(options.out);
  let manifest: PruneManifest;
  if (options.resume) manifest = readPruneManifest(out);
  else {
    manifest = newManifest(options);
    prepareRunDir(out, false);
    await writeFileAtomic(join(out, PRUNE_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  const parent = openFinishedRun(manifest.parent, `prune parent ${manifest.parent}`);
  const pool = poolArchitectures(parent.space, manifest.pool);
  const scoring = manifest.scoring as Partial<SupernetEstimatorOptions>;
  const score = async (path: string, ledger: string) => {
    const estimator = await SupernetEstimator.load(path, scoring);
    try {
      return await scoreIntoLedger(join(out, ledger), estimator, pool, options);
    } finally {
      estimator.dispose();
    }
  };

  options.onPhase?.(`scoring ${pool.length} architectures with the parent`);
  const parentScores = await score(manifest.parent, PRUNE_FILES.parentScores);
  if (parentScores === null) return { stopped: true };
  const keptIndices = topShare(parentScores, manifest.keep);
  const kept = keptIndices.map((i) => canonicalString(pool[i]!));
  const keptFile = join(out, PRUNE_FILES.kept);
  if (!existsSync(keptFile)) await writeFileAtomic(keptFile, `${JSON.stringify(kept, null, 1)}\n`);
  else if (JSON.stringify(JSON.parse(readFileSync(keptFile, 'utf8'))) !== JSON.stringify(kept))
    throw new NasError(`${keptFile} differs from the parent's scores' top share: the run was changed`);

  const tuneDir = join(out, PRUNE_FILES.fineTune);
  if (!existsSync(runFile(tuneDir, 'result'))) {
    options.onPhase?.(`fine-tuning on ${kept.length} kept architectures for ${manifest.epochs} epoch(s)`);
    const config = continuedConfig(parent, {
      epochs: manifest.epochs,
      seed: `${parent.config.seed}/prune`,
      weightLr: manifest.weightLr,
      restriction: { splitEdges: [], splitOps: [], keep: kept },
    });
    const result = await runSearch(config, {
      out: tuneDir,
      resume: existsSync(runFile(tuneDir, 'config')),
      initialWeights: manifest.parent,
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
      ...(options.onStep ? { onStep: options.onStep } : {}),
      ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
    });
    if (result.stopped) return { stopped: true };
  }
  if (manifest.truth === null) return { stopped: false, manifest, kept, agreement: null };

  options.onPhase?.(`scoring ${pool.length} architectures with the fine-tuned supernet`);
  const tunedScores = await score(tuneDir, PRUNE_FILES.tunedScores);
  if (tunedScores === null) return { stopped: true };
  const table = new TableEstimator(parent.space, manifest.truth);
  const truth: number[] = [];
  for (const g of pool) truth.push((await table.estimate(g)).score);
  const agreement = pruneAgreement(parentScores, tunedScores, truth, keptIndices, {
    seed: parent.config.seed,
    bootstrap: manifest.bootstrap,
    seedPairs: seedPairs(parent.space, manifest.truth, pool),
  });
  await writeFileAtomic(join(out, PRUNE_FILES.report), `${JSON.stringify({ ...agreement, kept }, null, 2)}\n`);
  return { stopped: false, manifest, kept, agreement };
}
