import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../../cells/index.js';
import { NB201_NETWORK } from '../../../supernets/index.js';
import { createRng } from '../../../src/random/index.js';
import { Controller, Enas } from '../../../src/search/index.js';
import { decisionSizes } from '../../../src/space/index.js';
import { createSupernet } from '../../../src/supernet/index.js';

describe('ENAS controller', () => {
  it('log-probabilities of all action sequences make a distribution', () => {
    const controller = new Controller([3, 5, 2], { hidden: 8, temperature: 5, tanhConstant: 2.5 }, 'logp');
    let total = 0;
    tf.tidy(() => {
      for (let a = 0; a < 3; a++) {
        for (let b = 0; b < 5; b++) {
          for (let c = 0; c < 2; c++) {
            const logp = controller.evaluate([a, b, c]).logProb.dataSync()[0]!;
            expect(logp).toBeLessThan(0);
            total += Math.exp(logp);
          }
        }
      }
    });
    // The sum of exp(sum of per-decision log-softmaxes) over all 30 sequences is 1 only if each is a proper conditional.
    expect(total).toBeCloseTo(1, 5);
    expect(() => controller.evaluate([0, 0])).toThrow(/takes 3 actions, got 2/);
    controller.dispose();
  });

  it('REINFORCE moves the policy toward a rewarded choice on a toy reward', async () => {
    const space = spaceByName('nb201');
    const net = createSupernet(space, { ...NB201_NETWORK, channels: 2, cellsPerStage: 1, inputChannels: 1 }, { seed: 0 });
    const enas = new Enas({ hidden: 16, controllerLr: 0.05, baselineDecay: 0.9 });
    enas.setup(net, { epochs: 1, stepsPerEpoch: 1, seed: 'toy' });
    expect(enas.policy.sizes).toEqual(decisionSizes(space));
    const rng = createRng('toy-samples');
    const share = async () => {
      let hits = 0;
      for (let i = 0; i < 200; i++) if ((await enas.policy.sample(rng))[0] === 3) hits++;
      return hits / 200;
    };
    const before = await share();
    // Reward 1 when the first edge's op is option 3, else 0.
    for (let i = 0; i < 60; i++) {
      const actions = await enas.policy.sample(rng);
      enas.reinforce(actions, actions[0] === 3 ? 1 : 0);
    }
    expect(await share()).toBeGreaterThan(before + 0.2);
    enas.dispose();
    net.dispose();
  });
});
