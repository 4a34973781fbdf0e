import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { namedGenotype, spaceByName } from '../../cells/index.js';
import { DARTS_BENCH, type CellSkeleton } from '../../supernets/index.js';
import type { CellArchitecture, CellSpace } from '../../src/space/api.js';
import { parseGenotype } from '../../src/space/index.js';
import { FixedNetwork } from '../../src/supernet/index.js';
import {
  EXPORTABLE_KERNELS,
  directoryHandler,
  WEIGHT_SHARD,
  exportGraphModel,
  graphModelArtifacts,
  graphModelFromTrace,
  traceKernels,
  type InferenceNetwork,
} from '../../src/export/index.js';
import { channelAffine } from '../../src/kernels/index.js';
import { useTempDir } from '../checkpoint/temp-dir.js';

/** Loads a graph model from a directory the way tfjs's http loader does, reading files instead of URLs. */
/** Every kernel function of the backend, to check tracing put the originals back. */
function kernelFuncs(): Map<string, tf.KernelFunc> {
  return new Map(tf.getKernelsForBackend(tf.getBackend()).map((k) => [k.kernelName, k.kernelFunc]));
}

type Shape = readonly [number, number, number];

/** Random BN scales and shifts, and running statistics from two training-mode passes, so inference BN is not the identity. */
function perturb(net: FixedNetwork, inputShape: Shape): void {
  let seed = 10;
  for (const [name, v] of net.network.namedParameters()) {
    const range = name.endsWith('gamma') ? [0.5, 1.5] : name.endsWith('beta') ? [-0.5, 0.5] : null;
    if (range) tf.tidy(() => v.assign(tf.randomUniform(v.shape, range[0], range[1], 'float32', seed++)));
  }
  for (let step = 0; step < 2; step++) {
    tf.tidy(() => {
      net.forward(tf.randomNormal([4, ...inputShape], 0.5, 2, 'float32', seed++) as tf.Tensor4D, true);
    });
  }
}

const darts = (): FixedNetwork =>
  new FixedNetwork(
    spaceByName('darts') as CellSpace,
    { ...DARTS_BENCH, channels: 4, layers: 3, inputChannels: 1, classes: 10 },
    namedGenotype('DARTS_V2') as CellArchitecture,
    { seed: 3 },
  );

const nb201 = (): FixedNetwork => {
  const space = spaceByName('nb201') as CellSpace;
  const skeleton: CellSkeleton = { kind: 'nb201', channels: 4, cellsPerStage: 1, inputChannels: 1, classes: 10 };
  const genotype = '|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|';
  return new FixedNetwork(space, skeleton, parseGenotype(space, genotype) as CellArchitecture, { seed: 4 });
};

/** Small networks of both skeletons; the odd input size makes DARTS's factorized reduce pad explicitly. */
const CASES: readonly { readonly name: string; readonly build: () => FixedNetwork; readonly shape: Shape }[] = [
  { name: 'DARTS_V2 (C=4, 3 cells), 28x28x1', build: darts, shape: [28, 28, 1] },
  { name: 'DARTS_V2 (C=4, 3 cells), 27x27x1', build: darts, shape: [27, 27, 1] },
  { name: 'NB201 (C=4, 1 cell per stage), 28x28x1', build: nb201, shape: [28, 28, 1] },
];

describe('graph model export', () => {
  const tempDir = useTempDir();

  it.each(CASES)('$name: tf.loadGraphModel of the files predicts the same logits', async ({ build, shape }) => {
    const net = build();
    perturb(net, shape);
    const kernels = kernelFuncs();
    const dir = join(tempDir(), 'model');
    const written = await exportGraphModel(net, shape, dir);
    expect(kernelFuncs()).toEqual(kernels);
    expect(existsSync(written.weightsPath)).toBe(true);
    const modelJSON = JSON.parse(readFileSync(written.modelPath, 'utf8')) as tf.io.ModelJSON;
    expect(modelJSON.format).toBe('graph-model');
    expect(modelJSON.weightsManifest[0]?.paths).toEqual([WEIGHT_SHARD]);

    const model = await tf.loadGraphModel(directoryHandler(dir));
    // A batch size the exporter did not trace with: the model must not be tied to one.
    const x = tf.randomNormal([5, ...shape], 0.5, 2, 'float32', 99) as tf.Tensor4D;
    try {
      const [error, scale, outShape] = tf.tidy(() => {
        const expected = net.forward(x, false);
        const actual = model.predict(x) as tf.Tensor;
        return [tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0]!, tf.max(tf.abs(expected)).dataSync()[0]!, actual.shape];
      });
      expect(outShape).toEqual([5, 10]);
      expect(scale).toBeGreaterThan(1e-3);
      expect(error / scale).toBeLessThan(1e-4);
    } finally {
      tf.dispose(x);
      model.dispose();
      net.dispose();
    }
  });

  it('refuses a non-empty directory with a one-line error', async () => {
    writeFileSync(join(tempDir(), 'notes.txt'), 'keep me');
    const net: InferenceNetwork = { forward: (x) => tf.reshape(tf.relu(x), [x.shape[0], -1]) };
    await expect(exportGraphModel(net, [2, 2, 1], tempDir())).rejects.toThrow(/^cannot export to .*: the directory is not empty$/);
  });

  it('names a kernel it cannot map in a one-line error, writes nothing and restores the kernels', async () => {
    const kernels = kernelFuncs();
    const net: InferenceNetwork = { forward: (x) => tf.cumsum(tf.reshape(x, [x.shape[0], -1]), 1) };
    const dir = join(tempDir(), 'model');
    const failure = exportGraphModel(net, [4, 4, 1], dir);
    await expect(failure).rejects.toThrow(/^cannot export kernel 'Cumsum' to a graph model: [^\n]*$/);
    expect(existsSync(dir)).toBe(false);
    expect(kernelFuncs()).toEqual(kernels);
  });

  it('records only the outermost call of a kernel written with other kernels', () => {
    // The toolkit's wasm Conv2DBackpropFilter runs tfjs ops inside the kernel (src/kernels/wasm-kernels.ts).
    const trace = traceKernels(
      [2, 6, 6, 1],
      (x) =>
        tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy: x }, {
          strides: 1,
          pad: 'same',
          dataFormat: 'NHWC',
          dimRoundingMode: undefined,
          filterShape: [3, 3, 1, 1],
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
    );
    expect(trace.calls.map((c) => c.kernelName)).toEqual([tf.Conv2DBackpropFilter]);
    expect(() => graphModelFromTrace(trace, { dynamicBatch: false, producer: 'test' })).toThrow(
      /^cannot export kernel 'Conv2DBackpropFilter' to a graph model/,
    );
  });

  it('refuses a network whose graph depends on the batch size, unless the batch size is fixed', () => {
    const net: InferenceNetwork = {
      forward: (x) => tf.reshape(tf.add(x, tf.ones(x.shape)), [x.shape[0], -1]),
    };
    expect(() => graphModelArtifacts(net, [2, 2, 1])).toThrow(/depends on the batch size/);
    const { modelJSON } = graphModelArtifacts(net, [2, 2, 1], { batchSize: 3 });
    expect(modelJSON.weightsManifest[0]?.weights.some((w) => w.shape.join() === '3,2,2,1')).toBe(true);
  });
});

/** One small function per mapped kernel (some run a few), on x of shape [batch, 4, 4, 2]. */
const KERNEL_CASES: Record<string, (x: tf.Tensor4D) => tf.Tensor> = {
  binary: (x) => {
    const c = tf.tensor1d([0.5, -1.5]);
    return tf.addN([
      tf.add(x, c),
      tf.sub(c, x),
      tf.mul(x, c),
      tf.div(x, c),
      tf.maximum(x, c),
      tf.minimum(x, c),
      tf.squaredDifference(x, c),
    ]);
  },
  pow: (x) => tf.pow(x, tf.scalar(2)),
  unary: (x) =>
    tf.addN([tf.relu(x), tf.relu6(x), tf.elu(x), tf.sigmoid(x), tf.tanh(x), tf.softplus(x), tf.exp(x), tf.square(x), tf.neg(x)]),
  positive: (x) => {
    const p = tf.add(tf.abs(x), 0.5);
    return tf.addN([tf.log(p), tf.sqrt(p), tf.rsqrt(p)]);
  },
  activations: (x) => tf.addN([tf.leakyRelu(x, 0.1), tf.prelu(x as tf.Tensor, tf.tensor1d([0.2, 0.3])), tf.clipByValue(x, -0.5, 0.5)]),
  softmax: (x) => tf.softmax(tf.reshape(x, [x.shape[0], 32])),
  cast: (x) => tf.add(tf.cast(tf.cast(tf.mul(x, 3), 'int32'), 'float32'), x.clone()),
  concat: (x) => tf.concat([x, tf.relu(x)], 3),
  stack: (x) => tf.stack([x, tf.neg(x)], 1),
  conv: (x) => {
    const w = tf.randomNormal([3, 3, 2, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    return tf.concat([tf.conv2d(x, w, 1, 2, 'NHWC', 2), tf.conv2d(x, w, 1, 'same')], 3);
  },
  depthwise: (x) => tf.depthwiseConv2d(x, tf.randomNormal([3, 3, 2, 2], 0, 1, 'float32', 6) as tf.Tensor4D, 2, 'same'),
  pools: (x) => tf.concat([tf.maxPool(x, 2, 2, 'valid'), tf.avgPool(x, 3, 2, 'same')], 3),
  matMul: (x) => tf.matMul(tf.reshape(x, [x.shape[0], 32]), tf.randomNormal([3, 32], 0, 1, 'float32', 7), false, true),
  batchMatMul: (x) => tf.matMul(tf.reshape(x, [x.shape[0], 16, 2]), tf.randomNormal([1, 2, 3], 0, 1, 'float32', 8)),
  reductions: (x) => tf.stack([tf.mean(x, [1, 2]), tf.sum(x, [1, 2]), tf.min(x, [1, 2]), tf.max(x, [1, 2])]),
  reductionsKeepDims: (x) => tf.add(tf.mean(x, 3, true), tf.max(x, [1, 3], true)),
  layout: (x) => tf.tile(tf.transpose(x, [0, 2, 1, 3]), [1, 1, 2, 1]),
  pad: (x) =>
    tf.pad(
      x,
      [
        [0, 0],
        [1, 2],
        [0, 1],
        [0, 0],
      ],
      0.5,
    ),
  slice: (x) => tf.slice(x, [0, 1, 1, 0], [-1, 2, 2, 1]),
  zerosLike: (x) => tf.add(tf.zerosLike(x), x),
  // The toolkit's per-channel affine kernel (BatchNorm's inference form) needs channels in groups of 4.
  channelAffine: (x) => {
    const x4 = tf.concat([x, tf.neg(x)], 3);
    const [a, b, c] = [tf.tensor1d([0.5, -1, 2, 0.25]), tf.tensor1d([1, 0, -0.5, 3]), tf.tensor1d([0.1, 0.2, -0.3, 0])];
    return tf.add(channelAffine(x4, a, c), channelAffine(x4, a, c, tf.relu(x4), b));
  },
};

describe('every mapped kernel', () => {
  it('has a case below, and the cases run no unmapped kernel', () => {
    const seen = new Set<string>();
    for (const fn of Object.values(KERNEL_CASES)) {
      for (const call of traceKernels([2, 4, 4, 2], (x) => fn(x as tf.Tensor4D)).calls) seen.add(call.kernelName);
    }
    expect([...seen].sort()).toEqual([...EXPORTABLE_KERNELS]);
  });

  it.each(Object.keys(KERNEL_CASES))('%s: the loaded graph model computes what tfjs computes, at any batch size', (name) => {
    const fn = KERNEL_CASES[name]!;
    const { modelJSON, weightData } = graphModelArtifacts({ forward: fn }, [4, 4, 2]);
    const specs = modelJSON.weightsManifest.flatMap((group) => group.weights);
    const artifacts = tf.io.getModelArtifactsForJSONSync(modelJSON, specs, weightData.slice().buffer);
    const model = tf.loadGraphModelSync(tf.io.fromMemorySync(artifacts));
    const x = tf.randomNormal([5, 4, 4, 2], 0, 1, 'float32', 11) as tf.Tensor4D;
    try {
      const [shapes, error] = tf.tidy(() => {
        const [expected, actual] = [fn(x), model.predict(x) as tf.Tensor];
        const scale = tf.maximum(tf.abs(expected), 1);
        return [[expected.shape, actual.shape], tf.max(tf.div(tf.abs(tf.sub(actual, expected)), scale)).dataSync()[0]!];
      });
      expect(shapes[1]).toEqual(shapes[0]);
      expect(error).toBeLessThan(1e-5);
    } finally {
      x.dispose();
      model.dispose();
    }
  });
});
