import { NasError } from '../../errors.js';
import { canonicalString } from '../../space/index.js';
import type { Genotype } from '../../space/api.js';
import { FixedNetwork } from '../../supernet/index.js';
import type { Direction, NetworkCostConfig, Objective } from './api.js';

/**
 * An objective measured on the fixed network of each genotype: the network is
 * built, handed to `measure`, and disposed before the next one, so a search
 * holds at most one measured network at a time; values are cached by
 * canonical string, since a search asks again for the architectures it keeps
 * and building a network is the expensive part.
 *
 * Every space has a stand-alone network (`FixedNetwork`): cells of the chosen
 * ops, chain layers at the chosen widths, hierarchical cells of the chosen
 * motifs, so each cost depends on the genotype.
 */
export function networkObjective(
  name: string,
  direction: Direction,
  config: NetworkCostConfig,
  measure: (net: FixedNetwork, inputShape: readonly [number, number, number]) => number | Promise<number>,
): Objective {
  const { space, skeleton, inputShape } = config;
  if (inputShape[2] !== skeleton.inputChannels) {
    throw new NasError(
      `objective ${name}: input shape [${inputShape.join(', ')}] has ${inputShape[2]} channel(s), the skeleton takes ${skeleton.inputChannels}`,
    );
  }
  const cache = new Map<string, number>();
  return {
    name,
    direction,
    async measure(genotype: Genotype): Promise<number> {
      const key = canonicalString(genotype);
      const known = cache.get(key);
      if (known !== undefined) return known;
      if (genotype.kind !== space.kind || genotype.space !== space.name) {
        throw new NasError(
          `objective ${name} measures architectures of the ${space.name} space, got a ${genotype.kind} architecture of '${genotype.space}'`,
        );
      }
      const net = new FixedNetwork(space, skeleton, genotype);
      let value: number;
      try {
        value = await measure(net, inputShape);
      } finally {
        net.dispose();
      }
      cache.set(key, value);
      return value;
    },
  };
}
