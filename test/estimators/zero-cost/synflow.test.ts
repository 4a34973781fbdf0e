import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../../cells/index.js';
import { linearNb201, synflow, synflowParts, ZERO_FLOW_SCORE } from '../../../src/estimators/zero-cost/index.js';
import { parseGenotype } from '../../../src/space/index.js';
import type { CellArchitecture, CellSpace } from '../../../src/space/api.js';
import { FixedNetwork } from '../../../src/supernet/index.js';
import { synflow64 } from './float64-nb201.js';

const space = spaceByName('nb201') as CellSpace;
const small = { kind: 'nb201', channels: 3, cellsPerStage: 1, inputChannels: 3, classes: 5 } as const;
const image = [8, 8, 3] as const;
const ARCHS = [
  '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|',
  '|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|none~1|avg_pool_3x3~2|',
  '|nor_conv_1x1~0|+|none~0|none~1|+|none~0|skip_connect~1|nor_conv_3x3~2|',
  '|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|',
];

function network(arch: string, skeleton: typeof small | typeof NB201 = small, seed = 3): FixedNetwork {
  return new FixedNetwork(space, skeleton, parseGenotype(space, arch) as CellArchitecture, { seed });
}
const NB201 = { kind: 'nb201', channels: 16, cellsPerStage: 5, inputChannels: 3, classes: 10 } as const;
const context = (net: FixedNetwork, img: readonly [number, number, number] = image, classes = 5) => ({
  net,
  input: { image: img, classes },
  batch: null,
});

describe('synflow', () => {
  it("runs the same function as the network's own forward pass (absolute weights, BatchNorm at its identity statistics)", () => {
    for (const arch of ARCHS) {
      const net = network(arch);
      for (const v of net.network.parameters()) tf.tidy(() => v.assign(tf.abs(v)));
      const [mine, theirs] = tf.tidy(() => {
        const named = new Map(net.network.namedParameters());
        const out = linearNb201(net, named, image);
        return [tf.mul(out.mantissa, Math.exp(out.log)).dataSync(), net.forward(tf.ones([1, ...image]) as tf.Tensor4D, false).dataSync()];
      });
      // The network's BatchNorms divide by sqrt(1 + 1e-5) each: well inside the tolerance, far from a wrong path.
      for (let k = 0; k < theirs.length; k++) expect(Math.abs(mine[k]! / theirs[k]! - 1)).toBeLessThan(1e-3);
      net.dispose();
    }
  });

  it('agrees with a float64 computation in plain JS (no gradients: R minus R with one weight tensor zeroed) to 1e-5 relative', () => {
    for (const arch of ARCHS) {
      const net = network(arch);
      const expected = synflow64(net, image);
      const score = synflow.score(context(net));
      expect(Math.abs(Math.exp(score - Math.log(expected)) - 1)).toBeLessThan(1e-5);
      net.dispose();
    }
  });

  it('scores a network with no path from input to output at the zero-flow score', () => {
    const net = network('|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|nor_conv_3x3~2|');
    expect(synflow.score(context(net))).toBe(ZERO_FLOW_SCORE);
    net.dispose();
  });

  it('stays finite on the full NB201 network where the flow itself is beyond float32 (the rescaling carries it)', () => {
    const net = network(ARCHS[0]!, NB201);
    const { total, log } = synflowParts(context(net, [32, 32, 3], 10));
    const score = Math.log(total) + log;
    // float32 ends at e^88.7: without the carried logarithm the sum would overflow.
    expect(score).toBeGreaterThan(Math.log(3.4e38));
    expect(Number.isFinite(score)).toBe(true);
    net.dispose();
  });

  it('ranks a network with more convolutions above the same one with skips (more weights on more paths)', () => {
    const more = network(ARCHS[0]!);
    const fewer = network(ARCHS[3]!);
    expect(synflow.score(context(more))).toBeGreaterThan(synflow.score(context(fewer)));
    more.dispose();
    fewer.dispose();
  });
});
