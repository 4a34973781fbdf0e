import * as tf from '@tensorflow/tfjs';
import { channelAffine } from '../kernels/channel-affine.js';
import { fusedBlend } from '../kernels/webgpu/blend.js';
import { type BatchStats, batchNormTrain } from './batch-norm-train.js';
import { Op } from './module.js';

/** Set by `withRunningAverage`: the momentum every BatchNorm uses for its next update. */
let momentumOverride: number | null = null;

/**
 * Run `fn` with every BatchNorm's running-statistics momentum set to
 * `momentum`. Re-calibrating the statistics of one sub-network of a supernet
 * passes batch i (from 0) with momentum 1 / (i + 1): the running values are
 * then the plain average over the batches seen (PyTorch's `momentum=None`),
 * whatever they held before.
 */
export function withRunningAverage<T>(momentum: number, fn: () => T): T {
  if (!(momentum > 0 && momentum <= 1)) throw new Error(`BatchNorm momentum must be in (0, 1], got ${momentum}`);
  const saved = momentumOverride;
  momentumOverride = momentum;
  try {
    return fn();
  } finally {
    momentumOverride = saved;
  }
}

/** Set by `withFrozenStatistics`: training-mode forwards leave the running statistics as they are. */
let statisticsFrozen = false;

/**
 * Run `fn` with every BatchNorm's running statistics frozen: training-mode
 * forwards still normalise with the batch's own statistics but update
 * nothing. For forwards that must not move the supernet (scoring a
 * sub-network, the unrolled DARTS step's look-ahead, a checkpointed cell's
 * recomputation), at no cost, where saving and restoring every running
 * statistic is two small ops per tensor.
 */
export function withFrozenStatistics<T>(fn: () => T): T {
  const saved = statisticsFrozen;
  statisticsFrozen = true;
  try {
    return fn();
  } finally {
    statisticsFrozen = saved;
  }
}

/**
 * BatchNorm over N, H, W with running statistics (PyTorch semantics:
 * momentum 0.1, unbiased running variance, eps 1e-5). `affine: false` is the
 * DARTS search setting: the mixed op's weights alone scale each path.
 */
export class BatchNorm extends Op {
  private readonly gamma: tf.Variable | null;
  private readonly beta: tf.Variable | null;
  private readonly runningMean: tf.Variable;
  private readonly runningVar: tf.Variable;

  constructor(
    readonly channels: number,
    readonly affine: boolean,
    private readonly momentum = 0.1,
    private readonly eps = 1e-5,
  ) {
    super();
    this.gamma = affine ? this.addParam('gamma', () => tf.ones([channels])) : null;
    this.beta = affine ? this.addParam('beta', () => tf.zeros([channels])) : null;
    this.runningMean = this.addBuffer('running_mean', () => tf.zeros([channels]));
    this.runningVar = this.addBuffer('running_var', () => tf.ones([channels]));
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    if (!training) return this.normalize(x, this.runningMean, this.runningVar);
    const n = x.size / this.channels;
    const m = momentumOverride ?? this.momentum;
    // Where one kernel normalises and moves the running statistics (webgpu), it is handed them; else `onStats` blends.
    const running = statisticsFrozen
      ? undefined
      : { mean: this.runningMean, variance: this.runningVar, blend: { keep: 1 - m, gainMean: m, gainVar: (n / Math.max(1, n - 1)) * m } };
    const onStats = (s: BatchStats) => {
      if (!statisticsFrozen) this.updateRunning(s, n);
    };
    return batchNormTrain(x, this.gamma as tf.Tensor1D | null, this.beta as tf.Tensor1D | null, this.eps, onStats, running);
  }

  /**
   * Inference: `(x - mean) / sqrt(var + eps) * gamma + beta` as one
   * differentiable per-channel affine map of `x` (`channelAffine`: one SIMD
   * sweep on wasm). Not tfjs's fused batchNorm: it saves its absent scale for
   * the gradient, which fails on wasm when the BN is not affine.
   */
  private normalize(x: tf.Tensor4D, mean: tf.Tensor, variance: tf.Tensor): tf.Tensor4D {
    // (x - mean) * rstd * gamma + beta as one per-channel affine map of x.
    const rstd = tf.rsqrt(tf.add(variance, this.eps));
    const scale = (this.gamma ? tf.mul(rstd, this.gamma) : rstd) as tf.Tensor1D;
    const shift = tf.sub(this.beta ?? tf.zerosLike(mean), tf.mul(mean, scale)) as tf.Tensor1D;
    return channelAffine(x, scale, shift) as tf.Tensor4D;
  }

  private updateRunning(stats: BatchStats, n: number): void {
    tf.tidy(() => {
      const m = momentumOverride ?? this.momentum;
      const unbiased = n / Math.max(1, n - 1);
      // On webgpu one dispatch per statistic (src/kernels/webgpu/blend.ts) instead of three, reading the packed moments in place.
      const [blendMean, blendVar] = stats.moments
        ? [
            fusedBlend(this.runningMean, stats.moments, 1 - m, m, 0),
            fusedBlend(this.runningVar, stats.moments, 1 - m, unbiased * m, this.channels),
          ]
        : [fusedBlend(this.runningMean, stats.mean, 1 - m, m), fusedBlend(this.runningVar, stats.variance, 1 - m, unbiased * m)];
      if (blendMean && blendVar) {
        this.runningMean.assign(blendMean);
        this.runningVar.assign(blendVar);
        return;
      }
      this.runningMean.assign(this.runningMean.mul(1 - m).add(stats.mean.mul(m)));
      this.runningVar.assign(this.runningVar.mul(1 - m).add(stats.variance.mul(unbiased).mul(m)));
    });
  }
}
