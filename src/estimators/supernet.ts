import * as tf from '@tensorflow/tfjs';
import { BatchIterator, computeChannelStats, type Batch } from '../data/index.js';
import { NasError } from '../errors.js';
import { searchData, type SearchConfig } from '../search/run/index.js';
import { openFinishedRun, type FinishedRun } from '../runs/index.js';
import { canonicalString, validateGenotype } from '../space/index.js';
import type { Genotype, SearchSpace } from '../space/api.js';
import type { Supernet } from '../supernet/api.js';
import { BATCH_NORM_MODES, evaluateBatches, type BatchNormMode } from '../train/evaluate.js';
import type { Estimate, Estimator } from './api.js';

export interface SupernetEstimatorOptions {
  /**
   * Batches of the search's weight split whose statistics replace BatchNorm's
   * running statistics before each architecture is scored (0: keep the
   * supernet's, which averaged every path it trained).
   */
  readonly recalibrationBatches: number;
  /** Batches of the search's architecture (val) split each architecture is scored on. */
  readonly evalBatches: number;
  readonly batchSize: number;
  /** Seeds which images fill those batches (the same for every architecture). */
  readonly seed: string;
  /**
   * BatchNorm while scoring (`evaluateBatches`' modes); absent: `recalibrated`
   * when there are recalibration batches, else `running`. `batch` normalises
   * each eval batch by its own statistics (no recalibration needed).
   */
  readonly batchNorm?: BatchNormMode;
}

export const SUPERNET_ESTIMATOR_DEFAULTS: SupernetEstimatorOptions = {
  recalibrationBatches: 10,
  evalBatches: 10,
  batchSize: 128,
  seed: 'estimate',
};

/** What scoring one architecture on the supernet measured. */
export interface SupernetMeasure {
  /** Accuracy (%) on the eval batches. */
  readonly accuracy: number;
  /** Mean cross-entropy on the eval batches. */
  readonly loss: number;
  readonly seconds: number;
}

/**
 * A trained supernet as an estimator (the one-shot estimate of SMASH, ENAS,
 * SPOS, Bender et al.): the architecture runs as a fixed path on the shared
 * weights; BatchNorm's running statistics are first re-computed for that path
 * on a few batches of the weights' split (the statistics the supernet kept mix
 * all paths, which makes one-shot scores close to meaningless: Guo et al.
 * 2020, SPOS), then it is scored on batches of the search's held-out split.
 * The batches are built once and kept, so every architecture sees the same
 * images; scores are cached by canonical string (a repeated query costs 0).
 * The cost of a query is its seconds of compute.
 */
export class SupernetEstimator implements Estimator {
  readonly name: string;
  private readonly cache = new Map<string, Estimate>();
  /** The running statistics as the supernet was trained (restored when not re-calibrating). */
  private readonly trainedBuffers: tf.Tensor[];

  readonly space: SearchSpace;
  readonly config: SearchConfig;

  private constructor(
    /** The search run the supernet comes from (its genotype, op usage and log, for studies of it). */
    readonly run: FinishedRun,
    private readonly supernet: Supernet,
    private readonly recalibration: readonly Batch[],
    private readonly evaluation: readonly Batch[],
    readonly options: SupernetEstimatorOptions,
    source: string,
  ) {
    this.name = `supernet:${source}`;
    this.space = run.space;
    this.config = run.config;
    this.trainedBuffers = supernet.weightBuffers().map((b) => tf.keep(b.clone()));
  }

  /**
   * Load a search run's supernet (`path`: its directory, `checkpoint.nas` or
   * a snapshot), opened by `openFinishedRun` and rebuilt from its config,
   * with the batches cut from the search's own data. `space`, when given,
   * must be the search's.
   */
  static async load(path: string, options: Partial<SupernetEstimatorOptions> = {}, space?: string): Promise<SupernetEstimator> {
    const o = { ...SUPERNET_ESTIMATOR_DEFAULTS, ...options };
    if (!(Number.isInteger(o.recalibrationBatches) && o.recalibrationBatches >= 0))
      throw new NasError(`recalibration batches must be a whole number >= 0, got ${o.recalibrationBatches}`);
    if (!(Number.isInteger(o.evalBatches) && o.evalBatches > 0))
      throw new NasError(`eval batches must be a positive integer, got ${o.evalBatches}`);
    if (!(Number.isInteger(o.batchSize) && o.batchSize > 0))
      throw new NasError(`batch size must be a positive integer, got ${o.batchSize}`);
    if (o.batchNorm !== undefined && !BATCH_NORM_MODES.includes(o.batchNorm))
      throw new NasError(`unknown BatchNorm mode '${o.batchNorm}' (known: ${BATCH_NORM_MODES.join(', ')})`);
    if (o.batchNorm === 'recalibrated' && o.recalibrationBatches === 0)
      throw new NasError('BatchNorm mode recalibrated needs recalibration batches > 0');
    const run = openFinishedRun(path, `supernet ${path}`);
    if (space !== undefined && space !== run.config.space)
      throw new NasError(`supernet ${path} was trained on the '${run.config.space}' space, not '${space}'`);
    // Scoring never takes a gradient: no cell recomputation.
    const supernet = run.loadSupernet({ recomputeCells: false });
    const batches: Batch[] = [];
    try {
      const data = await searchData(run.config);
      const stats = computeChannelStats(data.all);
      const take = (split: typeof data.train, count: number, tag: string) => {
        const it = new BatchIterator(split, { batchSize: o.batchSize, seed: `${o.seed}/${tag}`, stats });
        const out = Array.from({ length: Math.min(count, it.stepsPerEpoch) }, () => it.next());
        batches.push(...out);
        return out;
      };
      const recalibration = take(data.train, o.recalibrationBatches, 'recalibrate');
      const evaluation = take(data.val, o.evalBatches, 'eval');
      return new SupernetEstimator(run, supernet, recalibration, evaluation, o, path);
    } catch (error) {
      supernet.dispose();
      tf.dispose(batches.flatMap((b) => [b.x, b.y]));
      throw error;
    }
  }

  /**
   * Score one architecture with the shared evaluation routine
   * (`evaluateBatches`, src/train), the rule samplers derive by and
   * `nas bias` judges by: BatchNorm `recalibrated` on the weight split's
   * batches (batch i with momentum 1/(i+1), so the running statistics become
   * the plain average whatever they held; put back afterwards), or `running`
   * on the statistics the supernet was trained with, then accuracy and loss
   * on the eval batches in inference mode; or (`batchNorm: 'batch'`) each
   * eval batch normalised by its own statistics.
   */
  measure(genotype: Genotype, recalibrate = this.options.recalibrationBatches > 0): SupernetMeasure {
    const batchNorm = this.options.batchNorm ?? (recalibrate ? 'recalibrated' : 'running');
    const checked = validateGenotype(this.space, genotype);
    const mode = { kind: 'fixed', genotype: checked } as const;
    const started = performance.now();
    const buffers = this.supernet.weightBuffers();
    // Scores never depend on what an earlier query left in the buffers.
    tf.tidy(() => buffers.forEach((b, i) => b.assign(this.trainedBuffers[i]!)));
    const forward = (x: tf.Tensor4D, training: boolean) => this.supernet.forward(x, mode, training);
    const result = evaluateBatches(
      forward,
      this.evaluation,
      batchNorm === 'recalibrated' ? { batchNorm, recalibration: this.recalibration, buffers } : { batchNorm },
    );
    return { accuracy: 100 * result.accuracy, loss: result.loss, seconds: (performance.now() - started) / 1000 };
  }

  async estimate(genotype: Genotype): Promise<Estimate> {
    const key = canonicalString(genotype);
    const cached = this.cache.get(key);
    if (cached) return { ...cached, cost: 0 };
    const m = this.measure(genotype);
    const estimate: Estimate = { score: m.accuracy, cost: m.seconds };
    this.cache.set(key, estimate);
    return estimate;
  }

  /** Estimates of many architectures, in order; repeats (by canonical string) are scored once. */
  async estimateMany(genotypes: readonly Genotype[]): Promise<Estimate[]> {
    const out: Estimate[] = [];
    for (const g of genotypes) out.push(await this.estimate(g));
    return out;
  }

  /** Images each query scores on. */
  get evalImages(): number {
    return this.evaluation.reduce((n, b) => n + b.y.shape[0], 0);
  }

  dispose(): void {
    this.supernet.dispose();
    tf.dispose([...this.trainedBuffers, ...this.recalibration.flatMap((b) => [b.x, b.y]), ...this.evaluation.flatMap((b) => [b.x, b.y])]);
  }
}
