import { NasError } from '../errors.js';
import { DepthwiseConvBN, DilConv, FactorizedReduce, Identity, Pool, ReLUConvBN, SepConv } from './blocks.js';
import type { SeedStream } from './init.js';
import type { Op } from './module.js';

/** Where an op sits: widths, stride, and the search/evaluation BatchNorm settings. */
export interface OpSpec {
  readonly cIn: number;
  readonly cOut: number;
  readonly stride: number;
  /** Learnable BN scale/shift: false while searching (DARTS), true when retraining. */
  readonly affine: boolean;
  /** BN after pooling ops, as DARTS's search MixedOp adds (not in NB201 or evaluation networks). */
  readonly poolBn: boolean;
}

/** Builds an op, or returns null for `none` (a zero contribution that is never computed). */
export type OpFactory = (spec: OpSpec, seeds: SeedStream) => Op | null;

function sameWidth(name: string, s: OpSpec): void {
  if (s.cIn !== s.cOut) throw new Error(`op '${name}' keeps its width, got ${s.cIn} -> ${s.cOut}`);
}

const pool =
  (kind: 'max' | 'avg', name: string): OpFactory =>
  (s) => {
    sameWidth(name, s);
    return new Pool(kind, s.stride, s.poolBn ? s.cOut : null);
  };

const reluConvBn =
  (kernel: number): OpFactory =>
  (s, seeds) =>
    new ReLUConvBN(s.cIn, s.cOut, kernel, s.stride, s.affine, seeds);

/**
 * Every op of the built-in spaces, by the names the papers' code uses:
 * DARTS (Liu et al. 2019), NAS-Bench-201 (Dong & Yang 2020) and the
 * hierarchical space's primitives (Liu et al. 2018).
 */
export const OPS = {
  none: () => null,
  max_pool_3x3: pool('max', 'max_pool_3x3'),
  avg_pool_3x3: pool('avg', 'avg_pool_3x3'),
  skip_connect: (s, seeds) => (s.stride === 1 && s.cIn === s.cOut ? new Identity() : new FactorizedReduce(s.cIn, s.cOut, s.affine, seeds)),
  sep_conv_3x3: (s, seeds) => new SepConv(s.cIn, s.cOut, 3, s.stride, s.affine, seeds),
  sep_conv_5x5: (s, seeds) => new SepConv(s.cIn, s.cOut, 5, s.stride, s.affine, seeds),
  dil_conv_3x3: (s, seeds) => new DilConv(s.cIn, s.cOut, 3, s.stride, 2, s.affine, seeds),
  dil_conv_5x5: (s, seeds) => new DilConv(s.cIn, s.cOut, 5, s.stride, 2, s.affine, seeds),
  nor_conv_1x1: reluConvBn(1),
  nor_conv_3x3: reluConvBn(3),
  conv_1x1: reluConvBn(1),
  conv_3x3: reluConvBn(3),
  conv_5x5: reluConvBn(5),
  dw_conv_3x3: (s, seeds) => {
    sameWidth('dw_conv_3x3', s);
    return new DepthwiseConvBN(s.cIn, 3, s.stride, s.affine, seeds);
  },
} satisfies Record<string, OpFactory>;

export type OpName = keyof typeof OPS;

const extra = new Map<string, OpFactory>();

/** Add an op for a custom space; built-in names cannot be replaced. */
export function registerOp(name: string, factory: OpFactory): void {
  if (name in OPS || extra.has(name)) throw new NasError(`op '${name}' is already registered`);
  extra.set(name, factory);
}

export function knownOps(): string[] {
  return [...Object.keys(OPS), ...extra.keys()];
}

/** The factory of an op; an unknown name is a one-line error listing the known ones. */
export function opFactory(name: string): OpFactory {
  const factory = (OPS as Record<string, OpFactory>)[name] ?? extra.get(name);
  if (!factory) throw new NasError(`unknown op '${name}' (known: ${knownOps().join(', ')})`);
  return factory;
}

export function createOp(name: string, spec: OpSpec, seeds: SeedStream): Op | null {
  return opFactory(name)(spec, seeds);
}
