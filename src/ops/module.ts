import * as tf from '@tensorflow/tfjs';

/**
 * A network part that owns tensors: trainable parameters, non-trainable
 * buffers (BatchNorm running statistics) and child modules, each under a
 * dotted path name. Names are stable and structural (`cells.3.edges.5.sep_conv_3x3.0.dw`),
 * so weights can be copied between a supernet and a stand-alone network by name.
 */
export abstract class Module {
  private readonly children = new Map<string, Module>();
  private readonly params = new Map<string, tf.Variable>();
  private readonly buffers = new Map<string, tf.Variable>();

  protected addModule<M extends Module>(name: string, module: M): M {
    if (this.children.has(name)) throw new Error(`duplicate child module '${name}'`);
    this.children.set(name, module);
    return module;
  }

  /** A trainable parameter; `init` runs inside `tf.tidy` so its initial tensor is freed. */
  protected addParam(name: string, init: () => tf.Tensor): tf.Variable {
    const v = tf.tidy(() => tf.variable(init(), true));
    this.params.set(name, v);
    return v;
  }

  /** A non-trainable state tensor (e.g. running mean), saved with checkpoints. */
  protected addBuffer(name: string, init: () => tf.Tensor): tf.Variable {
    const v = tf.tidy(() => tf.variable(init(), false));
    this.buffers.set(name, v);
    return v;
  }

  /** Every trainable parameter below this module, by path. */
  namedParameters(prefix = ''): [string, tf.Variable][] {
    const out: [string, tf.Variable][] = [];
    for (const [name, v] of this.params) out.push([prefix + name, v]);
    for (const [name, child] of this.children) out.push(...child.namedParameters(`${prefix}${name}.`));
    return out;
  }

  /** Every buffer below this module, by path. */
  namedBuffers(prefix = ''): [string, tf.Variable][] {
    const out: [string, tf.Variable][] = [];
    for (const [name, v] of this.buffers) out.push([prefix + name, v]);
    for (const [name, child] of this.children) out.push(...child.namedBuffers(`${prefix}${name}.`));
    return out;
  }

  parameters(): tf.Variable[] {
    return this.namedParameters().map(([, v]) => v);
  }

  /** Number of trainable scalars. */
  parameterCount(): number {
    return this.parameters().reduce((n, v) => n + v.size, 0);
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    for (const v of this.buffers.values()) v.dispose();
    for (const child of this.children.values()) child.dispose();
    this.params.clear();
    this.buffers.clear();
    this.children.clear();
  }
}

/** A module mapping one NHWC feature map to another. */
export abstract class Op extends Module {
  abstract forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D;
}
