import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../checkpoint/index.js';
import { NasError } from '../../errors.js';
import { openFinishedRun } from '../../runs/finished-run.js';
import { prepareRunDir, runFile } from '../../runs/run-dir.js';
import { runSearch, type RunSearchOptions } from '../run/run-search.js';
import { continuedConfig, parentLearningRate } from '../restricted/continued-config.js';
import { registerRestrictedSpos } from '../restricted/spec.js';
import { FEW_SHOT_FILE, type FewShotManifest, readFewShotManifest } from './manifest.js';
import { checkSplitEdges, memberDirName, splitMembers } from './split.js';

export interface FewShotOptions {
  /** The trained one-shot supernet: a search run directory, its `checkpoint.nas` or a snapshot. */
  readonly parent: string;
  readonly splitEdges: readonly number[];
  /** Epochs each sub-supernet trains. */
  readonly epochs: number;
  readonly out: string;
  /** Continue the few-shot run in `out` with its own settings (the others are then ignored). */
  readonly resume?: boolean;
  /** The sub-supernets' initial learning rate; default: where the parent's schedule had reached (`parentLearningRate`). */
  readonly weightLr?: number;
  readonly shouldStop?: () => boolean;
  /** Before each sub-supernet trains (or is skipped as done). */
  readonly onMember?: (member: { readonly ops: readonly string[]; readonly dir: string }, index: number, total: number) => void;
  readonly onStep?: RunSearchOptions['onStep'];
  readonly onEpoch?: RunSearchOptions['onEpoch'];
}

export interface FewShotResult {
  readonly manifest: FewShotManifest;
  readonly stopped: boolean;
}

/**
 * Few-shot NAS (Zhao et al., "Few-shot Neural Architecture Search", ICML
 * 2021): split a trained one-shot supernet on the ops of one or two edges
 * into sub-supernets, one per op (or op pair); each starts as a copy of the
 * parent's weights and trains on (SPOS's step, de-isomorphic draws) only the
 * architectures whose split edges hold its ops, so the paths that disagree
 * most no longer share those weights. An architecture is then scored by the
 * sub-supernet that holds it (`FewShotEstimator`).
 *
 * `out` gets `few-shot.json` and one search run per sub-supernet
 * (`op-<ops>/`); each checkpoints as any search does, so a stopped run
 * resumes (`resume`) at the sub-supernet it was in, and finished ones are
 * kept. Every epoch is one pass over the train split, so the budget in SGD
 * steps is (parent epochs + members x epochs) epochs' worth.
 */
export async function runFewShot(options: FewShotOptions): Promise<FewShotResult> {
  registerRestrictedSpos();
  const out = resolve(options.out);
  let manifest: FewShotManifest;
  if (options.resume) {
    if (!existsSync(join(out, FEW_SHOT_FILE))) throw new NasError(`cannot resume ${out}: it has no ${FEW_SHOT_FILE}`);
    manifest = readFewShotManifest(out);
  } else {
    if (!(Number.isInteger(options.epochs) && options.epochs > 0))
      throw new NasError(`--epochs must be a positive integer, got ${options.epochs}`);
    const parent = openFinishedRun(resolve(options.parent), `--from ${options.parent}`);
    const edges = checkSplitEdges(parent.space, options.splitEdges);
    const weightLr = options.weightLr ?? parentLearningRate(parent);
    if (!(Number.isFinite(weightLr) && weightLr >= 0)) throw new NasError(`--weight-lr must be a number >= 0, got ${weightLr}`);
    const members = splitMembers(parent.space, edges).map((ops) => ({ ops, dir: memberDirName(ops) }));
    manifest = {
      kind: 'few-shot',
      parent: parent.checkpointFile,
      parentEpochs: parent.epochs,
      splitEdges: [...edges],
      epochs: options.epochs,
      weightLr,
      members,
      budgetEpochs: parent.epochs + members.length * options.epochs,
    };
    prepareRunDir(out, false);
    await writeFileAtomic(join(out, FEW_SHOT_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  const parent = openFinishedRun(manifest.parent, `few-shot parent ${manifest.parent}`);
  for (const [index, member] of manifest.members.entries()) {
    options.onMember?.(member, index, manifest.members.length);
    const dir = join(out, member.dir);
    if (existsSync(runFile(dir, 'result'))) continue;
    if (options.shouldStop?.()) return { manifest, stopped: true };
    const config = continuedConfig(parent, {
      epochs: manifest.epochs,
      seed: `${parent.config.seed}/few-shot/${member.dir}`,
      weightLr: manifest.weightLr,
      restriction: { splitEdges: manifest.splitEdges, splitOps: member.ops, keep: [] },
    });
    const result = await runSearch(config, {
      out: dir,
      resume: existsSync(runFile(dir, 'config')),
      initialWeights: manifest.parent,
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
      ...(options.onStep ? { onStep: options.onStep } : {}),
      ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
    });
    if (result.stopped) return { manifest, stopped: true };
  }
  return { manifest, stopped: false };
}
