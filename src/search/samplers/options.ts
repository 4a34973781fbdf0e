/** Hyper-parameters shared by the single-path samplers (SPOS, path dropout). */
export interface SamplerOptions {
  /** Weights: SGD momentum with a cosine schedule, as DARTS trains its weights. */
  readonly weightLr: number;
  readonly weightLrMin: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly gradClip: number;
  /** Random architectures scored on the shared weights at each epoch's end to derive one. */
  readonly candidates: number;
  /** Path dropout: the drop rate r reached at the last step (rising linearly from 0). */
  readonly dropRate: number;
}

export const SAMPLER_DEFAULTS: SamplerOptions = {
  weightLr: 0.025,
  weightLrMin: 0.001,
  momentum: 0.9,
  weightDecay: 3e-4,
  gradClip: 5,
  candidates: 16,
  dropRate: 0.25,
};
