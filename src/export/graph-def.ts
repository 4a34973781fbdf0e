import type * as tf from '@tensorflow/tfjs';

// TensorFlow's GraphDef in the JSON form tfjs-converter reads: attribute values, nodes, and a builder that
// collects them with the weight shard of their Consts.

/**
 * An attribute value in TensorFlow's GraphDef JSON encoding, as tfjs-converter's
 * `operation_mapper` reads it: int64 as decimal strings, strings base64.
 */
export interface AttrValue {
  readonly i?: string;
  readonly f?: number;
  readonly b?: boolean;
  readonly s?: string;
  readonly type?: string;
  readonly shape?: { readonly dim: readonly { readonly size: string }[] };
  readonly list?: { readonly i?: readonly string[] };
  readonly tensor?: { readonly dtype: string; readonly tensorShape: { readonly dim?: readonly { readonly size: string }[] } };
}

/** A GraphDef node. `input` names are `node` or `node:k`. */
export interface NodeDef {
  readonly name: string;
  readonly op: string;
  readonly input: readonly string[];
  readonly attr: Readonly<Record<string, AttrValue>>;
}

const DT: Readonly<Record<string, string>> = { float32: 'DT_FLOAT', int32: 'DT_INT32', bool: 'DT_BOOL' };

export function dtypeName(dtype: tf.DataType): string {
  const name = DT[dtype];
  if (name === undefined) throw new Error(`cannot export a tensor of dtype ${dtype}`);
  return name;
}

export const dims = (shape: readonly number[]) => shape.map((size) => ({ size: String(size) }));

/** Builders of attribute values. */
export const attr = {
  i: (v: number): AttrValue => ({ i: String(v) }),
  f: (v: number): AttrValue => ({ f: v }),
  b: (v: boolean): AttrValue => ({ b: v }),
  s: (v: string): AttrValue => ({ s: Buffer.from(v, 'utf8').toString('base64') }),
  ints: (v: readonly number[]): AttrValue => ({ list: { i: v.map(String) } }),
  type: (d: tf.DataType): AttrValue => ({ type: dtypeName(d) }),
  shape: (shape: readonly number[]): AttrValue => ({ shape: { dim: dims(shape) } }),
};

/** Nodes and weights of a graph under construction; every Const's value goes to the one weight shard. */
export class GraphBuilder {
  readonly nodes: NodeDef[] = [];
  readonly weights: tf.io.WeightsManifestEntry[] = [];
  private readonly chunks: Uint8Array[] = [];
  private readonly counts = new Map<string, number>();

  name(base: string): string {
    const n = this.counts.get(base) ?? 0;
    this.counts.set(base, n + 1);
    return `${base}_${n}`;
  }

  add(name: string, op: string, input: readonly string[], nodeAttr: Record<string, AttrValue>): string {
    this.nodes.push({ name, op, input, attr: nodeAttr });
    return name;
  }

  constant(values: Float32Array | Int32Array | Uint8Array, shape: readonly number[], dtype: tf.DataType, base = 'const'): string {
    const name = this.name(base);
    const type = dtypeName(dtype);
    this.weights.push({ name, shape: [...shape], dtype: dtype as 'float32' | 'int32' | 'bool' });
    this.chunks.push(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    return this.add(name, 'Const', [], {
      dtype: { type },
      value: { tensor: { dtype: type, tensorShape: shape.length === 0 ? {} : { dim: dims(shape) } } },
    });
  }

  /** An int32 Const (axes, shapes, paddings), 1-D unless `shape` says otherwise. */
  ints(values: readonly number[], shape: readonly number[] = [values.length]): string {
    return this.constant(Int32Array.from(values), shape, 'int32', 'shape');
  }

  scalar(value: number, dtype: tf.DataType): string {
    return this.constant(dtype === 'int32' ? Int32Array.of(value) : Float32Array.of(value), [], dtype, 'scalar');
  }

  weightData(): Uint8Array {
    const data = new Uint8Array(this.chunks.reduce((n, chunk) => n + chunk.byteLength, 0));
    let offset = 0;
    for (const chunk of this.chunks) {
      data.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return data;
  }
}
