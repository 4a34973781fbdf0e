import * as tf from '@tensorflow/tfjs';
import { NasError } from '../errors.js';
import type { Module } from '../ops/module.js';
import { createRng } from '../random/index.js';
import { canonicalString } from '../space/index.js';
import { FixedNetwork, type FixedNetworkOptions } from '../supernet/index.js';
import type { MorphSite } from './api.js';
import { morphismByName } from './registry.js';

/** Every parameter and buffer of a module, by name. */
export function namedWeights(module: Module): Map<string, tf.Variable> {
  return new Map([...module.namedParameters(), ...module.namedBuffers()]);
}

/**
 * The child of a trained stand-alone network under one morphism: a new
 * `FixedNetwork` of the child genotype (built with `options`, which should
 * be the parent's) whose every weight is set by the morphism from the
 * parent's, so it computes the parent's function (see each operator for
 * which BatchNorm mode that holds in). The parent is left as it was; the
 * caller owns and disposes both.
 */
export function morphNetwork(parent: FixedNetwork, morphism: string, site: MorphSite, options: FixedNetworkOptions = {}): FixedNetwork {
  const genotype = morphismByName(morphism).childGenotype(parent.space, parent.genotype, site);
  const child = new FixedNetwork(parent.space, parent.skeleton, genotype, options);
  try {
    morphWeightsInto(parent, child, morphism, site, options.seed ?? 0);
  } catch (error) {
    child.dispose();
    throw error;
  }
  return child;
}

/**
 * Set every weight of `child` (a network of the morphism's child genotype,
 * built by someone else: a retraining run) from `parent` through the
 * morphism; returns how many tensors were set.
 */
export function morphWeightsInto(
  parent: FixedNetwork,
  child: FixedNetwork,
  morphism: string,
  site: MorphSite,
  seed: number | string,
): number {
  const m = morphismByName(morphism);
  const expected = m.childGenotype(parent.space, parent.genotype, site);
  if (canonicalString(expected) !== canonicalString(child.genotype)) {
    throw new NasError(
      `morphism '${morphism}' of ${canonicalString(parent.genotype)} gives ${canonicalString(expected)}, not ${canonicalString(child.genotype)}`,
    );
  }
  return tf.tidy(() => {
    const targets = namedWeights(child.network);
    const weights = m.childWeights({
      space: parent.space,
      skeleton: parent.skeleton,
      parentGenotype: parent.genotype,
      parent: namedWeights(parent.network),
      fresh: targets,
      site,
      random: createRng(`morph:${seed}:${morphism}`),
    });
    for (const [name, target] of targets) {
      const value = weights.get(name);
      if (!value) throw new Error(`morphism '${morphism}' gave no weight for '${name}'`);
      if (value.shape.join() !== target.shape.join()) {
        throw new NasError(`morphism '${morphism}' gave weight '${name}' shape [${value.shape}], the child needs [${target.shape}]`);
      }
      if (value !== target) target.assign(value);
    }
    return targets.size;
  });
}
