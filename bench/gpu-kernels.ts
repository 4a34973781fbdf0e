/**
 * The toolkit's WGSL training kernels against tfjs-webgpu's own, one by one,
 * on the convolution shapes of a DARTS search step (not a test; `npx tsx
 * bench/gpu-kernels.ts [--batch 16] [--runs 5]`): median milliseconds per
 * kernel, each run ended by one read-back (`await data()`), so that it
 * measures the device's work. tfjs-webgpu's kernels are the ones the
 * toolkit's replaced (`stockKernel`); its conv input gradient runs with
 * `WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE` on (its default) and off (the toolkit's
 * choice, its tiled program). On the software adapter the times are of
 * llvmpipe on the CPU: they rank kernels by work, not by GPU speed.
 * Packed for a GPU machine by scripts/device-pack.sh (`gpu-kernels.mjs`,
 * run by scripts/device-run.sh after the step benchmark).
 */
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import * as tfjsWebGpu from '@tensorflow/tfjs-backend-webgpu';
import { initBackend, provideWebGpuModules } from '../src/backend/index.js';
import { stockKernel } from '../src/kernels/webgpu/index.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const batch = flag('batch', 16);
const runs = flag('runs', 5);
// Bundled by scripts/device-pack.sh: the bundle's own tfjs-webgpu, on the bundle's tfjs-core.
provideWebGpuModules({ tfjsWebGpu });
const backend = await initBackend('webgpu');
const gpu = tf.backend();

interface Case {
  readonly label: string;
  readonly kernel: string;
  readonly inputs: Record<string, number[]>;
  readonly attrs: Record<string, unknown>;
  /** Run tfjs's kernel with this flag set to `true` (and the toolkit's with it `false`). */
  readonly naiveFlag?: string;
}

const conv = { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1 };
const hw = [batch, 32, 32];
const CASES: Case[] = [
  {
    label: '1x1 conv 16->16',
    kernel: tf.Conv2DBackpropFilter,
    inputs: { x: [...hw, 16], dy: [...hw, 16] },
    attrs: { ...conv, filterShape: [1, 1, 16, 16] },
  },
  {
    label: '3x3 stem conv 3->48',
    kernel: tf.Conv2DBackpropFilter,
    inputs: { x: [...hw, 3], dy: [...hw, 48] },
    attrs: { ...conv, filterShape: [3, 3, 3, 48] },
  },
  {
    label: '1x1 conv 16->16',
    kernel: tf.Conv2DBackpropInput,
    inputs: { dy: [...hw, 16], filter: [1, 1, 16, 16] },
    attrs: { ...conv, inputShape: [...hw, 16] },
    naiveFlag: 'WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE',
  },
  {
    label: '3x3 conv 16->16',
    kernel: tf.Conv2DBackpropInput,
    inputs: { dy: [...hw, 16], filter: [3, 3, 16, 16] },
    attrs: { ...conv, inputShape: [...hw, 16] },
    naiveFlag: 'WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE',
  },
  {
    label: '3x3 depthwise 16',
    kernel: tf.DepthwiseConv2dNativeBackpropFilter,
    inputs: { x: [...hw, 16], dy: [...hw, 16] },
    attrs: { ...conv, filterShape: [3, 3, 16, 1] },
  },
  {
    label: '5x5 depthwise 16',
    kernel: tf.DepthwiseConv2dNativeBackpropFilter,
    inputs: { x: [...hw, 16], dy: [...hw, 16] },
    attrs: { ...conv, filterShape: [5, 5, 16, 1] },
  },
  {
    label: '3x3 depthwise 16',
    kernel: tf.DepthwiseConv2dNativeBackpropInput,
    inputs: { dy: [...hw, 16], filter: [3, 3, 16, 1] },
    attrs: { ...conv, inputShape: [...hw, 16] },
  },
  {
    label: '3x3 s1 max pool 16',
    kernel: tf.MaxPoolGrad,
    inputs: { dy: [...hw, 16], input: [...hw, 16], output: [...hw, 16] },
    attrs: { filterSize: 3, strides: 1, pad: 'same' },
  },
];

/** Median ms of `runs` runs of `config` on fixed random inputs, each read back. */
async function time(config: tf.KernelConfig, c: Case): Promise<number> {
  const inputs = Object.fromEntries(Object.entries(c.inputs).map(([name, shape], i) => [name, tf.randomNormal(shape, 0, 1, 'float32', i)]));
  const once = async () => {
    const start = performance.now();
    const info = config.kernelFunc({ inputs, backend: gpu, attrs: c.attrs as tf.NamedAttrMap }) as tf.TensorInfo;
    const out = tf.engine().makeTensorFromTensorInfo(info);
    await out.data();
    out.dispose();
    return performance.now() - start;
  };
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  tf.dispose(Object.values(inputs));
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

console.log(`${backend.details['adapter'] ?? backend.name}; batch ${batch}, 32x32; median of ${runs} runs, ms`);
console.log('kernel | shape | tfjs-webgpu | toolkit | ratio');
for (const c of CASES) {
  const own = tf.getKernel(c.kernel, 'webgpu')!;
  const stock = c.naiveFlag === undefined ? stockKernel(c.kernel) : own;
  if (stock === undefined) throw new Error(`no tfjs-webgpu kernel kept for ${c.kernel}`);
  if (c.naiveFlag !== undefined) tf.env().set(c.naiveFlag, true);
  const before = await time(stock, c);
  if (c.naiveFlag !== undefined) tf.env().set(c.naiveFlag, false);
  const after = await time(own, c);
  console.log(`${c.kernel} | ${c.label} | ${before.toFixed(1)} | ${after.toFixed(1)} | ${(before / after).toFixed(2)}`);
}
