import * as tf from '@tensorflow/tfjs';
import { fanInUniform, type SeedStream } from './init.js';
import { Module } from './module.js';

/** Convolution geometry of one conv layer ('same' padding, NHWC). */
export interface ConvSpec {
  readonly cIn: number;
  readonly cOut: number;
  readonly kernel: number;
  readonly stride?: number;
  readonly dilation?: number;
  /** Depthwise (one filter per input channel; `cOut` must equal `cIn`). */
  readonly depthwise?: boolean;
  /** Default 'same'. */
  readonly padding?: 'same' | 'valid';
}

/** A bias-free convolution (DARTS and NB201 convs are all followed by BatchNorm), 'same' padding unless told. */
export class Conv extends Module {
  readonly weight: tf.Variable;

  constructor(
    readonly spec: ConvSpec,
    seeds: SeedStream,
  ) {
    super();
    const { cIn, cOut, kernel, depthwise } = spec;
    if (depthwise && cIn !== cOut) throw new Error(`depthwise conv needs cIn == cOut, got ${cIn} -> ${cOut}`);
    const shape = depthwise ? [kernel, kernel, cIn, 1] : [kernel, kernel, cIn, cOut];
    const fanIn = depthwise ? kernel * kernel : kernel * kernel * cIn;
    this.weight = this.addParam('weight', () => fanInUniform(shape, fanIn, seeds));
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    const { stride = 1, dilation = 1, depthwise, padding = 'same' } = this.spec;
    const w = this.weight as tf.Tensor4D;
    return depthwise ? tf.depthwiseConv2d(x, w, stride, padding, 'NHWC', dilation) : tf.conv2d(x, w, stride, padding, 'NHWC', dilation);
  }
}

/** A fully connected layer on [batch, features]. */
export class Linear extends Module {
  private readonly weight: tf.Variable;
  private readonly bias: tf.Variable | null;

  constructor(cIn: number, cOut: number, useBias: boolean, seeds: SeedStream) {
    super();
    this.weight = this.addParam('weight', () => fanInUniform([cIn, cOut], cIn, seeds));
    this.bias = useBias ? this.addParam('bias', () => fanInUniform([cOut], cIn, seeds)) : null;
  }

  forward(x: tf.Tensor2D): tf.Tensor2D {
    const y: tf.Tensor2D = tf.matMul(x, this.weight as tf.Tensor2D);
    return this.bias ? (y.add(this.bias) as tf.Tensor2D) : y;
  }
}
