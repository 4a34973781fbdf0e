import * as tf from '@tensorflow/tfjs';

/** The toolkit's kernel: a momentum buffer's next value, `keep * buf + gain * (g * scale + decay * w)` (webgpu). */
export const SGD_MOMENTUM_BUFFER = 'TfjsNasSgdMomentumBuffer';
/** The toolkit's kernel: a weight after its step, `w - lr * d` (webgpu). */
export const SGD_DESCEND = 'TfjsNasSgdDescend';

/** What the kernels need of tfjs's WebGPU backend. */
interface WebGpuRunner {
  runWebGPUProgram(
    program: object,
    inputs: tf.TensorInfo[],
    dtype: tf.DataType,
    uniforms?: { type: string; data: number[] }[],
  ): tf.TensorInfo;
}

const WORKGROUP = 64;

/**
 * An elementwise map of same-shape float32 inputs with float uniforms, one
 * thread per element, in tfjs-webgpu's program form (`main(index)` gets the
 * flat output index, inputs are storage arrays named after `variableNames`).
 */
class ElementwiseProgram {
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly size = true;
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];
  readonly uniforms: string;

  constructor(
    readonly shaderKey: string,
    readonly variableNames: readonly string[],
    uniformNames: readonly string[],
    private readonly expression: string,
    readonly outputShape: number[],
  ) {
    this.uniforms = uniformNames.map((n) => `${n} : f32,`).join(' ');
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    this.dispatch = [Math.ceil(outputShape.reduce((p, d) => p * d, 1) / WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          setOutputAtIndex(index, ${this.expression});
        }
      }
    `;
  }
}

/** Run `program` on `inputs` after checking they are float32 tensors of one shape. */
function runElementwise(
  backend: unknown,
  kernel: string,
  inputs: readonly tf.TensorInfo[],
  make: (shape: number[]) => ElementwiseProgram,
  uniforms: readonly number[],
): tf.TensorInfo {
  const shape = inputs[0]!.shape;
  // A one-element input (a scale) is read as its element 0; the others are elementwise.
  if (inputs.some((t) => t.dtype !== 'float32' || (t.shape.join() !== shape.join() && tf.util.sizeFromShape(t.shape) !== 1))) {
    throw new Error(`${kernel}: needs float32 inputs of one shape, got ${inputs.map((t) => `${t.dtype}[${t.shape}]`).join(', ')}`);
  }
  // One entry per scalar: tfjs lays an entry of three numbers out as a vec3 (16-byte aligned), not as three f32 fields.
  return (backend as unknown as WebGpuRunner).runWebGPUProgram(
    make([...shape]),
    [...inputs],
    'float32',
    uniforms.map((u) => ({ type: 'float32', data: [u] })),
  );
}

/**
 * PyTorch's SGD momentum buffer update (`buf = momentum * buf + (1 -
 * dampening) * (g + weight_decay * w)`; the first step `buf = g +
 * weight_decay * w`: keep 0, gain 1) in one dispatch, the gradient scaled
 * by the one-element `scale` first (the clipping coefficient, so clipping
 * costs no pass over the gradients). As tfjs ops it is five
 * elementwise programs per variable (two multiplies and an add for the decay
 * and the momentum each, less one), and a DARTS supernet has hundreds of
 * variables, most under 1,000 weights, so the optimizer's launches, not its
 * arithmetic, are its cost on a GPU.
 */
export const webgpuSgdMomentumBufferConfig: tf.KernelConfig = {
  kernelName: SGD_MOMENTUM_BUFFER,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { g, w, buf, scale } = inputs as Record<'g' | 'w' | 'buf' | 'scale', tf.TensorInfo>;
    const { keep, gain, decay } = attrs as unknown as Record<'keep' | 'gain' | 'decay', number>;
    return runElementwise(
      backend,
      SGD_MOMENTUM_BUFFER,
      [g, w, buf, scale],
      (shape) =>
        new ElementwiseProgram(
          'tfjsNasSgdMomentumBuffer',
          ['g', 'w', 'buf', 'scale'],
          ['keep', 'gain', 'decay'],
          'uniforms.keep * buf[index] + uniforms.gain * (g[index] * scale[0] + uniforms.decay * w[index])',
          shape,
        ),
      [keep, gain, decay],
    );
  },
};

/** The weight step `w - lr * d` in one dispatch (as tfjs ops: a multiply and a subtract). */
export const webgpuSgdDescendConfig: tf.KernelConfig = {
  kernelName: SGD_DESCEND,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { w, d } = inputs as Record<'w' | 'd', tf.TensorInfo>;
    const { lr } = attrs as unknown as { lr: number };
    return runElementwise(
      backend,
      SGD_DESCEND,
      [w, d],
      (shape) => new ElementwiseProgram('tfjsNasSgdDescend', ['w', 'd'], ['lr'], 'w[index] - uniforms.lr * d[index]', shape),
      [lr],
    );
  },
};

/** Whether the active backend has the fused SGD kernels (webgpu, once the toolkit's kernels are registered). */
export function fusedSgdAvailable(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(SGD_MOMENTUM_BUFFER, backend) !== undefined && tf.getKernel(SGD_DESCEND, backend) !== undefined;
}

/**
 * One SGD-momentum step of `w` with the fused kernels (two dispatches) on
 * the gradient `g * scale` (`scale`: one element): assigns the buffer and
 * the weight. `first`: PyTorch's first step, the buffer starts at the
 * decayed gradient.
 */
export function fusedSgdMomentumStep(
  w: tf.Variable,
  g: tf.Tensor,
  scale: tf.Tensor,
  buf: tf.Variable,
  options: {
    readonly momentum: number;
    readonly dampening: number;
    readonly weightDecay: number;
    readonly lr: number;
    readonly first: boolean;
  },
): void {
  const attrs = { keep: options.first ? 0 : options.momentum, gain: options.first ? 1 : 1 - options.dampening, decay: options.weightDecay };
  tf.tidy(() => {
    const next = tf.engine().runKernel(SGD_MOMENTUM_BUFFER, { g, w, buf, scale }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    buf.assign(next);
    w.assign(tf.engine().runKernel(SGD_DESCEND, { w, d: next }, { lr: options.lr }) as tf.Tensor);
  });
}
