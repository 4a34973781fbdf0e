import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { spaceByName } from '../../cells/index.js';
import { readCheckpoint, restoreVariables } from '../checkpoint/index.js';
import type { ChannelStats } from '../data/index.js';
import { NasError } from '../errors.js';
import { runFile } from '../runs/run-dir.js';
import { readRunHeaderOf } from '../runs/run-header.js';
import { FixedNetwork } from '../supernet/index.js';
import type { RetrainConfig } from './config.js';
import type { RetrainCheckpointMeta } from './retrain-api.js';

/** A retrained network with what it needs to classify raw images. */
export interface RetrainedModel {
  readonly net: FixedNetwork;
  readonly config: RetrainConfig;
  readonly stats: ChannelStats;
  /** Epochs trained so far. */
  readonly epochs: number;
  /** `[height, width, channels]` of the images it was trained on. */
  readonly inputShape: readonly [number, number, number];
  /**
   * Inference on raw pixel values (0..255, NHWC float32): the training
   * normalisation, then the network. What an exported model computes.
   */
  forwardRaw(x: tf.Tensor4D): tf.Tensor2D;
}

/**
 * The network of a retraining run directory, rebuilt from its checkpoint
 * (the weights of the last finished epoch, or of the moment it was stopped).
 * The caller disposes `net`.
 */
export async function loadRetrainedModel(dir: string): Promise<RetrainedModel> {
  // The run header says what the directory is (a search run has a checkpoint too, of a supernet).
  if (existsSync(runFile(dir, 'config'))) readRunHeaderOf(dir, 'retrain', `cannot load a retrained network from ${dir}`);
  const loaded = await readCheckpoint(runFile(dir, 'checkpoint'));
  const meta = loaded.meta as Partial<RetrainCheckpointMeta>;
  if (meta.config?.genotype === undefined || meta.stats === undefined)
    throw new NasError(`${dir} is not a retraining run (its checkpoint has no retraining config)`);
  const { config, stats } = meta as RetrainCheckpointMeta;
  if (config.inputSize === null) throw new NasError(`${dir}: its config has no input size`);
  const net = new FixedNetwork(spaceByName(config.space), config.skeleton, config.genotype, {
    seed: config.seed,
    affine: true,
    auxiliary: config.auxiliary,
    inputSize: config.inputSize,
  });
  try {
    restoreVariables(loaded, [...net.network.namedParameters('net.'), ...net.network.namedBuffers('net.')], `checkpoint of ${dir}`);
  } catch (error) {
    net.dispose();
    throw error;
  }
  const channels = stats.mean.length;
  const inputShape = [config.inputSize, config.inputSize, channels] as const;
  return {
    net,
    config,
    stats,
    epochs: meta.epoch ?? 0,
    inputShape,
    forwardRaw: (x) =>
      tf.tidy(() => {
        const normalised = tf.div(tf.sub(tf.div(x, 255), stats.mean as number[]), stats.std as number[]) as tf.Tensor4D;
        return net.forward(normalised, false);
      }),
  };
}
