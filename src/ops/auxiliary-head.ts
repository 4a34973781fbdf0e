import * as tf from '@tensorflow/tfjs';
import { BatchNorm } from './batch-norm.js';
import { Conv, Linear } from './conv.js';
import type { SeedStream } from './init.js';
import { Module } from './module.js';

/**
 * The auxiliary classifier of the DARTS evaluation network (Szegedy et al.
 * 2015, as in DARTS's `AuxiliaryHeadCIFAR`): ReLU, 5x5 average pooling with
 * stride 3 (no padding), 1x1 conv to 128, BN, ReLU, conv to 768, BN, ReLU,
 * linear. On CIFAR's 8x8 maps the pooling leaves 2x2 and the second conv is
 * 2x2 to a 1x1 map; on smaller maps (7x7 for 28x28 inputs) it leaves 1x1 and
 * the conv is 1x1, so the head fits any input of at least 5x5.
 */
export class AuxiliaryHead extends Module {
  private readonly reduce: Conv;
  private readonly bn1: BatchNorm;
  private readonly expand: Conv;
  private readonly bn2: BatchNorm;
  private readonly classifier: Linear;

  constructor(channels: number, mapSize: number, classes: number, seeds: SeedStream) {
    super();
    if (mapSize < 5) throw new Error(`the auxiliary head needs feature maps of at least 5x5, got ${mapSize}x${mapSize}`);
    const pooled = Math.floor((mapSize - 5) / 3) + 1;
    const kernel = Math.min(2, pooled);
    this.reduce = this.addModule('conv1', new Conv({ cIn: channels, cOut: 128, kernel: 1 }, seeds));
    this.bn1 = this.addModule('bn1', new BatchNorm(128, true));
    this.expand = this.addModule('conv2', new Conv({ cIn: 128, cOut: 768, kernel, padding: 'valid' }, seeds));
    this.bn2 = this.addModule('bn2', new BatchNorm(768, true));
    this.classifier = this.addModule('classifier', new Linear(768 * (pooled - kernel + 1) ** 2, classes, true, seeds));
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor2D {
    const pooled = tf.avgPool(tf.relu(x), 5, 3, 'valid');
    const h = tf.relu(this.bn1.forward(this.reduce.forward(pooled), training));
    const y = tf.relu(this.bn2.forward(this.expand.forward(h), training));
    return this.classifier.forward(y.reshape([y.shape[0], -1]));
  }
}
