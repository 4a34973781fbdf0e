import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { namedGenotype, spaceByName } from '../../cells/index.js';
import { DARTS_SEARCH } from '../../supernets/index.js';
import { initBackend } from '../../src/backend/index.js';
import { firstLine } from '../../src/errors.js';
import { multAdds } from '../../src/retrain/index.js';
import { FixedNetwork } from '../../src/supernet/index.js';

// `nas retrain --backend webgpu` counts the trained network's multiply-adds
// at its end. The count depends on shapes only and must read no tensor: a
// synchronous read of GPU data is impossible under Node. Software adapter as
// test/backend/webgpu.test.ts; tiny shapes (DARTS_V2, C=4, 2 cells, 8x8x1).
process.env['NAS_WEBGPU_ADAPTER'] = 'software';
const unavailable = await initBackend('webgpu').then(
  () => null,
  (error: unknown) => firstLine(error),
);

const CPU_FORWARD = 'WEBGPU_CPU_FORWARD';
const net = () =>
  new FixedNetwork(spaceByName('darts'), { ...DARTS_SEARCH, channels: 4, layers: 2, inputChannels: 1 }, namedGenotype('DARTS_V2'));

describe.skipIf(unavailable !== null)(`multAdds on webgpu${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  afterAll(() => tf.env().set(CPU_FORWARD, true));

  it('counts the same as on cpu with every weight on the GPU (unreadable synchronously), leaking no tensor', async () => {
    await initBackend('cpu');
    const onCpu = net();
    const expected = multAdds(onCpu, [8, 8, 1]);
    onCpu.dispose();
    expect(expected).toBeGreaterThan(0);

    await initBackend('webgpu');
    // Small tensors are otherwise computed on the CPU and keep readable values; as after training,
    // put every weight and BN statistic in GPU memory only.
    tf.env().set(CPU_FORWARD, false);
    const before = tf.memory().numTensors;
    const onGpu = net();
    const weights = [...onGpu.network.namedParameters(), ...onGpu.network.namedBuffers()].map(([, v]) => v);
    for (const v of weights) tf.tidy(() => v.assign(tf.mul(v, 1)));
    expect(() => weights[0]!.dataSync()).toThrow(/cannot read tensors synchronously/);
    expect(multAdds(onGpu, [8, 8, 1])).toBe(expected);
    onGpu.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
