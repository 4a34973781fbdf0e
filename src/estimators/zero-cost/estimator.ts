import { NasError } from '../../errors.js';
import { evalSkeleton } from '../../retrain/index.js';
import { computationKey } from '../../space/index.js';
import type { CellArchitecture, CellSpace, Genotype, SearchSpace } from '../../space/api.js';
import { FixedNetwork } from '../../supernet/index.js';
import type { Estimate, Estimator } from '../api.js';
import type { ZcBatch, ZcInput, ZeroCostProxy } from './api.js';
import { zcProxy } from './registry.js';

export interface ZeroCostEstimatorOptions {
  /** Image shape and classes of the network (from `--dataset`). */
  readonly input: ZcInput;
  /** A labelled batch for the proxies that need data; the estimator owns it from here and disposes it. */
  readonly batch?: ZcBatch;
  /** Initial channels and cells (NB201: per stage) of the network; the space's evaluation network by default. */
  readonly channels?: number;
  readonly layers?: number;
  /** Seed of every network's initial weights (default '0'). */
  readonly seed?: string;
}

/**
 * A zero-cost proxy as an estimator: each architecture's stand-alone network
 * (the space's evaluation skeleton with the data set's input channels and
 * classes) is initialised from one seed and scored untrained. Scores are
 * cached, since searches ask again for the
 * architectures they keep; the cache key is the architecture's computation
 * (`computationKey`: isomorphic cells and edges that cannot reach the output
 * do not count), so architectures computing the same function get one score.
 * The cost is the seconds the proxy took (0 for a cached score).
 */
export class ZeroCostEstimator implements Estimator {
  readonly name: string;
  readonly proxy: ZeroCostProxy;
  private readonly cache = new Map<string, number>();
  private readonly skeleton;
  private batch: ZcBatch | null;

  constructor(
    readonly space: SearchSpace,
    proxyName: string,
    private readonly options: ZeroCostEstimatorOptions,
  ) {
    this.proxy = zcProxy(proxyName);
    this.batch = options.batch ?? null;
    if (space.kind !== 'cell')
      throw new NasError(`zero-cost proxies score cell spaces' stand-alone networks; '${space.name}' is a ${space.kind} space`);
    if (this.proxy.needsBatch && this.batch === null)
      throw new NasError(
        `zc:${this.proxy.name} needs a batch of images: give --dataset with its files (--data-dir), or pick a data-free proxy`,
      );
    this.skeleton = {
      ...evalSkeleton(space.name, options.channels, options.layers),
      inputChannels: options.input.image[2],
      classes: options.input.classes,
    };
    this.proxy.check?.(space, this.skeleton);
    this.name = `zc:${this.proxy.name}`;
  }

  async estimate(genotype: Genotype): Promise<Estimate> {
    if (genotype.kind !== 'cell' || genotype.space !== this.space.name)
      throw new NasError(`${this.name} scores architectures of the ${this.space.name} space, got one of '${genotype.space}'`);
    const key = computationKey(this.space, genotype);
    const known = this.cache.get(key);
    if (known !== undefined) return { score: known, cost: 0 };
    const start = performance.now();
    const net = new FixedNetwork(this.space as CellSpace, this.skeleton, genotype as CellArchitecture, { seed: this.options.seed ?? '0' });
    let score: number;
    try {
      score = this.proxy.score({ net, input: this.options.input, batch: this.batch });
    } finally {
      net.dispose();
    }
    this.cache.set(key, score);
    return { score, cost: (performance.now() - start) / 1000 };
  }

  dispose(): void {
    this.batch?.x.dispose();
    this.batch?.labels.dispose();
    this.batch = null;
  }
}
