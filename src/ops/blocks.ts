import * as tf from '@tensorflow/tfjs';
import { BatchNorm } from './batch-norm.js';
import { Conv } from './conv.js';
import type { SeedStream } from './init.js';
import { Op } from './module.js';
import { sharedRelu } from './shared-relu.js';

/** ReLU -> Conv -> BN, the order of the DARTS and NAS-Bench-201 code. */
export class ReLUConvBN extends Op {
  private readonly conv: Conv;
  private readonly bn: BatchNorm;

  constructor(cIn: number, cOut: number, kernel: number, stride: number, affine: boolean, seeds: SeedStream) {
    super();
    this.conv = this.addModule('conv', new Conv({ cIn, cOut, kernel, stride }, seeds));
    this.bn = this.addModule('bn', new BatchNorm(cOut, affine));
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return this.bn.forward(this.conv.forward(sharedRelu(x)), training);
  }
}

/** ReLU -> depthwise conv (dilated) -> pointwise conv -> BN: DARTS's `dil_conv`. */
export class DilConv extends Op {
  private readonly dw: Conv;
  private readonly pw: Conv;
  private readonly bn: BatchNorm;

  constructor(cIn: number, cOut: number, kernel: number, stride: number, dilation: number, affine: boolean, seeds: SeedStream) {
    super();
    this.dw = this.addModule('dw', new Conv({ cIn, cOut: cIn, kernel, stride, dilation, depthwise: true }, seeds));
    this.pw = this.addModule('pw', new Conv({ cIn, cOut, kernel: 1 }, seeds));
    this.bn = this.addModule('bn', new BatchNorm(cOut, affine));
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return this.bn.forward(this.pw.forward(this.dw.forward(sharedRelu(x))), training);
  }
}

/** DARTS's `sep_conv`: two stacked ReLU-dw-pw-BN blocks, the first carrying the stride. */
export class SepConv extends Op {
  private readonly first: DilConv;
  private readonly second: DilConv;

  constructor(cIn: number, cOut: number, kernel: number, stride: number, affine: boolean, seeds: SeedStream) {
    super();
    this.first = this.addModule('0', new DilConv(cIn, cIn, kernel, stride, 1, affine, seeds));
    this.second = this.addModule('1', new DilConv(cIn, cOut, kernel, 1, 1, affine, seeds));
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return this.second.forward(this.first.forward(x, training), training);
  }
}

/**
 * DARTS's factorized reduce: ReLU, then two stride-2 1x1 convs, one on the
 * input and one on the input shifted by one pixel, concatenated, then BN.
 * Written as one 2x2 stride-2 conv whose filter has the first half of the
 * output channels at tap (0, 0) and the second half at tap (1, 1): the same
 * function without the slice and concat (slow on wasm). Odd sizes are padded
 * by one row/column at the end, as the reference does.
 */
export class FactorizedReduce extends Op {
  private readonly a: Conv;
  private readonly b: Conv;
  private readonly bn: BatchNorm;

  constructor(cIn: number, cOut: number, affine: boolean, seeds: SeedStream) {
    super();
    if (cOut % 2 !== 0) throw new Error(`factorized reduce needs an even output width, got ${cOut}`);
    this.a = this.addModule('conv_1', new Conv({ cIn, cOut: cOut / 2, kernel: 1, stride: 2 }, seeds));
    this.b = this.addModule('conv_2', new Conv({ cIn, cOut: cOut / 2, kernel: 1, stride: 2 }, seeds));
    this.bn = this.addModule('bn', new BatchNorm(cOut, affine));
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const filter = tf.concat(
      [
        tf.pad(this.a.weight as tf.Tensor4D, [
          [0, 1],
          [0, 1],
          [0, 0],
          [0, 0],
        ]),
        tf.pad(this.b.weight as tf.Tensor4D, [
          [1, 0],
          [1, 0],
          [0, 0],
          [0, 0],
        ]),
      ],
      3,
    ) as tf.Tensor4D;
    const [, h, w] = x.shape;
    const y = tf.conv2d(sharedRelu(x), filter, 2, [
      [0, 0],
      [0, h % 2],
      [0, w % 2],
      [0, 0],
    ]);
    return this.bn.forward(y, training);
  }
}

/** 3x3 max or average pooling ('same' padding; average excludes padding), optionally followed by BN. */
export class Pool extends Op {
  private readonly bn: BatchNorm | null;

  constructor(
    private readonly kind: 'max' | 'avg',
    private readonly stride: number,
    bnChannels: number | null,
  ) {
    super();
    this.bn = bnChannels === null ? null : this.addModule('bn', new BatchNorm(bnChannels, false));
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const y = this.kind === 'max' ? tf.maxPool(x, 3, this.stride, 'same') : tf.avgPool(x, 3, this.stride, 'same');
    return this.bn ? this.bn.forward(y, training) : y;
  }
}

/** ReLU -> depthwise conv -> BN: the hierarchical space's `dw_conv_3x3`. */
export class DepthwiseConvBN extends Op {
  private readonly dw: Conv;
  private readonly bn: BatchNorm;

  constructor(channels: number, kernel: number, stride: number, affine: boolean, seeds: SeedStream) {
    super();
    this.dw = this.addModule('dw', new Conv({ cIn: channels, cOut: channels, kernel, stride, depthwise: true }, seeds));
    this.bn = this.addModule('bn', new BatchNorm(channels, affine));
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return this.bn.forward(this.dw.forward(sharedRelu(x)), training);
  }
}

/** The identity (`skip_connect` at stride 1). */
export class Identity extends Op {
  forward(x: tf.Tensor4D): tf.Tensor4D {
    return x;
  }
}
