import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { supernetFromConfig } from '../../src/runs/index.js';
import { resolveSearchConfig } from '../../src/search/index.js';
import { createSupernet } from '../../src/supernet/index.js';
import { NB201_NETWORK } from '../../supernets/index.js';

const nb201 = spaceByName('nb201');
const skeleton = { ...NB201_NETWORK, channels: 4, cellsPerStage: 1, inputChannels: 1 };
/** Names of the learnt BatchNorm scales inside the cells' candidate ops. */
const opGammas = (names: string[]) => names.filter((n) => /^weight\.cells\.\d+\.edges\..*gamma$/.test(n));

describe('affine-off BatchNorm in the supernet', () => {
  it("leaves the candidate ops' BatchNorm without scale and shift by default, and gives it them with affine", () => {
    const before = tf.memory().numTensors;
    const off = createSupernet(nb201, skeleton, { seed: 1 });
    const on = createSupernet(nb201, skeleton, { seed: 1, affine: true });
    const names = (net: typeof off) => net.namedTensors().map(([n]) => n);
    expect(opGammas(names(off))).toEqual([]);
    expect(opGammas(names(on)).length).toBeGreaterThan(0);
    // The fixed parts keep theirs either way.
    expect(names(off)).toContain('weight.stem.bn.gamma');
    off.dispose();
    on.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is the affineOps search setting (flag --affine-ops), kept by the settled config and used to rebuild its supernet', () => {
    const plain = resolveSearchConfig({ strategy: 'spos', space: 'nb201', channels: 4, layers: 1 });
    expect('affineOps' in plain).toBe(false);
    const config = resolveSearchConfig({ strategy: 'spos', space: 'nb201', channels: 4, layers: 1, affineOps: true });
    expect(config.affineOps).toBe(true);
    expect(resolveSearchConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
    expect(() => resolveSearchConfig({ strategy: 'spos', affineOps: 'yes' as unknown as boolean })).toThrow(
      /affineOps.*true or false|affine-ops.*true or false/,
    );
    const net = supernetFromConfig(config);
    expect(opGammas(net.namedTensors().map(([n]) => n)).length).toBeGreaterThan(0);
    net.dispose();
  });
});
