import * as tf from '@tensorflow/tfjs';
import type { NetworkCostConfig, Objective } from './api.js';
import { networkObjective } from './network-objective.js';

export interface LatencyOptions {
  /** Timed forward passes; the median is reported (default 10). */
  readonly runs: number;
  /** Untimed passes first, so kernel set-up and first-call allocations are not counted (default 2). */
  readonly warmup: number;
}

export const LATENCY_DEFAULTS: LatencyOptions = { runs: 10, warmup: 2 };

/**
 * Median milliseconds of one inference (batch 1, the config's input shape)
 * on the current tfjs backend, output read back included, after warm-up
 * passes. Measured, so noisy: it changes with the backend, its thread count
 * and whatever else the machine runs, and a search using it is not
 * reproducible from its seed alone. The median of several runs resists the
 * occasional slow pass (a GC pause) better than the mean. The first value
 * measured for an architecture is cached and reused.
 */
export function latencyObjective(config: NetworkCostConfig, options: Partial<LatencyOptions> = {}): Objective {
  const { runs, warmup } = { ...LATENCY_DEFAULTS, ...options };
  return networkObjective('latency', 'min', config, async (net, shape) => {
    const x = tf.zeros([1, ...shape]) as tf.Tensor4D;
    const times: number[] = [];
    try {
      for (let i = 0; i < warmup + runs; i++) {
        const started = performance.now();
        const y = tf.tidy(() => net.forward(x, false));
        await y.data();
        y.dispose();
        if (i >= warmup) times.push(performance.now() - started);
      }
    } finally {
      x.dispose();
    }
    return median(times);
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
