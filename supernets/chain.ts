/**
 * The macro skeleton around a chain space: a 3x3 conv stem to the widest
 * width, the space's layers, global pooling and a linear classifier.
 */
export interface ChainSkeleton {
  readonly kind: 'chain';
  readonly inputChannels: number;
  readonly classes: number;
}

export const CHAIN_NETWORK: ChainSkeleton = { kind: 'chain', inputChannels: 1, classes: 10 };
