/**
 * The DARTS search network (Liu, Simonyan & Yang 2019, `model_search.py`):
 * a 3x3 conv stem of `stemMultiplier * channels`, `layers` cells with
 * reductions (double width, half resolution) at layers/3 and 2*layers/3,
 * each cell fed by the two previous cells, global pooling and a linear
 * classifier. Defaults are the paper's CIFAR-10 search (C=16, 8 cells).
 */
export interface DartsSkeleton {
  readonly kind: 'darts';
  readonly channels: number;
  readonly layers: number;
  readonly stemMultiplier: number;
  readonly inputChannels: number;
  readonly classes: number;
  /** Learnable scale/shift of the stem BatchNorm (true in model_search.py). */
  readonly affineStem: boolean;
  readonly classifierBias: boolean;
}

export const DARTS_SEARCH: DartsSkeleton = {
  kind: 'darts',
  channels: 16,
  layers: 8,
  stemMultiplier: 3,
  inputChannels: 3,
  classes: 10,
  affineStem: true,
  classifierBias: true,
};

/**
 * The network of `shared/bench/darts_torch.py` (affine-free stem BN, bias-free
 * classifier) at C=8, 5 cells, 1 input channel: 393,720 weights. The speed
 * benchmark builds this one so the ratio compares like with like.
 */
export const DARTS_BENCH: DartsSkeleton = {
  ...DARTS_SEARCH,
  channels: 8,
  layers: 5,
  inputChannels: 1,
  affineStem: false,
  classifierBias: false,
};

/** Layers (0-based) that reduce: layers/3 and 2*layers/3, as in the DARTS code. */
export function dartsReductionLayers(layers: number): number[] {
  return [...new Set([Math.floor(layers / 3), Math.floor((2 * layers) / 3)])];
}
