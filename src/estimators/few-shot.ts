import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { NasError } from '../errors.js';
import { isFewShotRun, readFewShotManifest, type FewShotManifest } from '../search/few-shot/manifest.js';
import { splitOps } from '../search/few-shot/split.js';
import { runFile } from '../runs/run-dir.js';
import type { SearchConfig } from '../search/run/config.js';
import type { Genotype, SearchSpace } from '../space/api.js';
import type { Estimate, Estimator } from './api.js';
import { SupernetEstimator, type SupernetEstimatorOptions } from './supernet.js';

/**
 * A few-shot supernet as an estimator (Zhao et al., ICML 2021): an
 * architecture is scored by the one sub-supernet whose split edges hold its
 * ops, each a `SupernetEstimator` with the same options (the same
 * re-calibration and eval images, so scores from different sub-supernets
 * are on one scale, as in the paper). The cost of a query is its
 * sub-supernet's.
 */
export class FewShotEstimator implements Estimator {
  readonly name: string;
  readonly space: SearchSpace;
  readonly config: SearchConfig;

  private constructor(
    readonly manifest: FewShotManifest,
    private readonly members: ReadonlyMap<string, SupernetEstimator>,
    dir: string,
  ) {
    const first = [...members.values()][0]!;
    this.name = `few-shot:${basename(dir)}`;
    this.space = first.space;
    this.config = first.config;
  }

  /** Load every sub-supernet of a few-shot run (`nas few-shot --out DIR`); one not finished is a one-line `NasError`. */
  static async load(dir: string, options: Partial<SupernetEstimatorOptions> = {}): Promise<FewShotEstimator> {
    const root = resolve(dir);
    const manifest = readFewShotManifest(root);
    const members = new Map<string, SupernetEstimator>();
    try {
      for (const member of manifest.members) {
        const path = join(root, member.dir);
        if (!existsSync(runFile(path, 'result')))
          throw new NasError(
            `few-shot run ${root}: sub-supernet ${member.dir} has not finished; continue it with nas few-shot --resume ${root}`,
          );
        members.set(member.ops.join('+'), await SupernetEstimator.load(path, options));
      }
    } catch (error) {
      for (const m of members.values()) m.dispose();
      throw error;
    }
    return new FewShotEstimator(manifest, members, root);
  }

  /** The sub-supernet that holds `genotype` (by its ops on the split edges). */
  memberOf(genotype: Genotype): SupernetEstimator {
    const key = splitOps(this.space, genotype, this.manifest.splitEdges).join('+');
    const member = this.members.get(key);
    if (member === undefined) throw new NasError(`few-shot run has no sub-supernet for ops ${key}`);
    return member;
  }

  estimate(genotype: Genotype): Promise<Estimate> {
    return this.memberOf(genotype).estimate(genotype);
  }

  dispose(): void {
    for (const m of this.members.values()) m.dispose();
  }
}

/**
 * The estimator a `supernet:PATH` spec names: a few-shot run directory
 * (`few-shot.json`) as a `FewShotEstimator`, anything else as a
 * `SupernetEstimator`; `space`, when given, must be the supernet's.
 */
export async function loadSupernetSpec(path: string, options: Partial<SupernetEstimatorOptions> = {}, space?: string): Promise<Estimator> {
  if (!isFewShotRun(path)) return SupernetEstimator.load(path, options, space);
  const estimator = await FewShotEstimator.load(path, options);
  if (space !== undefined && space !== estimator.space.name) {
    estimator.dispose();
    throw new NasError(`supernet ${path} was trained on the '${estimator.space.name}' space, not '${space}'`);
  }
  return estimator;
}
