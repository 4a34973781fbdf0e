import type * as tf from '@tensorflow/tfjs';

/** Padding as tfjs's convolution ops accept it. */
export type Padding = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

/** A pair of spatial values (height, width) or one value for both. */
export type Pair = number | [number, number];

/** Attributes shared by the convolution gradient ops (as in tfjs's kernels). */
export interface ConvAttrs {
  readonly strides: Pair;
  readonly pad: Padding;
  readonly dilations?: Pair;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
  readonly dataFormat?: 'NHWC' | 'NCHW';
}

export type Shape4D = [number, number, number, number];
