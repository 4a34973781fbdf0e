/**
 * The NAS-Bench-201 network (Dong & Yang 2020): a 3x3 conv stem, three
 * stages of `cellsPerStage` cells at widths C, 2C, 4C joined by residual
 * reduction blocks, then BN-ReLU, global pooling and a linear classifier.
 * Defaults are the benchmark's (C=16, 5 cells per stage).
 */
export interface Nb201Skeleton {
  readonly kind: 'nb201';
  readonly channels: number;
  readonly cellsPerStage: number;
  readonly inputChannels: number;
  readonly classes: number;
}

export const NB201_NETWORK: Nb201Skeleton = {
  kind: 'nb201',
  channels: 16,
  cellsPerStage: 5,
  inputChannels: 3,
  classes: 10,
};
