/**
 * The small network of Liu et al. 2018 ("Hierarchical Representations for
 * Efficient Architecture Search", CIFAR-10 search model): a 3x3 conv stem,
 * three stages of `cellsPerStage` cells (each cell one instance of the top
 * motif) at widths C, 2C, 4C, joined by stride-2 separable convolutions, then
 * global pooling and a linear classifier.
 */
export interface HierarchicalSkeleton {
  readonly kind: 'hierarchical';
  readonly channels: number;
  readonly cellsPerStage: number;
  readonly inputChannels: number;
  readonly classes: number;
}

export const HIERARCHICAL_NETWORK: HierarchicalSkeleton = {
  kind: 'hierarchical',
  channels: 16,
  cellsPerStage: 1,
  inputChannels: 1,
  classes: 10,
};
