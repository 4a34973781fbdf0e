/**
 * DARTS's search hyper-parameters (Liu, Simonyan & Yang 2019, `train_search.py`):
 * weights by SGD with momentum and a cosine schedule, architecture by Adam.
 */
export interface DartsOptions {
  /** 1: first-order (xi = 0); 2: unrolled second-order approximation. */
  readonly order: 1 | 2;
  readonly weightLr: number;
  readonly weightLrMin: number;
  readonly momentum: number;
  readonly weightDecay: number;
  /** Max global gradient norm of the weight step. */
  readonly gradClip: number;
  readonly archLr: number;
  readonly archBeta1: number;
  readonly archBeta2: number;
  readonly archWeightDecay: number;
  /**
   * Step size of the virtual weight step of the second-order approximation;
   * null uses the current weight learning rate, as the DARTS code does.
   */
  readonly unrolledLr: number | null;
  /**
   * PC-DARTS's edge normalisation (Xu et al. 2020): one more parameter per
   * supernet edge, each node's edges weighted by the softmax of theirs; used
   * with partial channels. First order only.
   */
  readonly edgeNormalization: boolean;
}

export const DARTS_DEFAULTS: DartsOptions = {
  order: 1,
  weightLr: 0.025,
  weightLrMin: 0.001,
  momentum: 0.9,
  weightDecay: 3e-4,
  gradClip: 5,
  archLr: 3e-4,
  archBeta1: 0.5,
  archBeta2: 0.999,
  archWeightDecay: 1e-3,
  unrolledLr: null,
  edgeNormalization: false,
};
