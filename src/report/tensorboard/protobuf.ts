/**
 * Just enough of the protocol-buffer wire format to write TensorBoard events:
 * varints, 64-bit doubles, 32-bit floats, length-delimited strings, messages
 * and packed doubles (https://protobuf.dev/programming-guides/encoding/).
 * Hand-written so that logging needs neither a protobuf runtime nor generated
 * code for TensorFlow's `.proto` files; only encoding is needed.
 */

/** Wire types from the encoding guide; the tag of a field is `field << 3 | wire type`. */
const WireType = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;

const utf8 = new TextEncoder();

/**
 * Builds one serialized message, field by field, in the order the calls are
 * made. Every field is written even when it holds its default value: proto3
 * readers accept that, and it is what marks a `oneof` member as set (a
 * scalar of 0 must still be written, or TensorBoard sees no value at all).
 */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  /** An `int64` or `uint64` field; negative numbers take ten bytes, as two's complement. */
  int64(field: number, value: number): this {
    if (!Number.isSafeInteger(value)) throw new RangeError(`protobuf int64 field ${field}: ${value} is not a safe integer`);
    return this.tag(field, WireType.varint).varint(BigInt.asUintN(64, BigInt(value)));
  }

  /** A `double` field: 8 bytes, little-endian. */
  double(field: number, value: number): this {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    return this.tag(field, WireType.fixed64).push(bytes);
  }

  /** A `float` field: 4 bytes, little-endian, so `value` is rounded to single precision. */
  float(field: number, value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    return this.tag(field, WireType.fixed32).push(bytes);
  }

  /** A `string` field, UTF-8 encoded. */
  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** A `bytes` field, or any length-delimited payload. */
  bytes(field: number, value: Uint8Array): this {
    return this.tag(field, WireType.lengthDelimited).varint(BigInt(value.length)).push(value);
  }

  /** An embedded message field. */
  message(field: number, value: ProtoWriter): this {
    return this.bytes(field, value.finish());
  }

  /** A `repeated double` field in packed form: one length-delimited run of 8-byte values. */
  packedDoubles(field: number, values: ArrayLike<number>): this {
    const bytes = new Uint8Array(8 * values.length);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat64(8 * i, values[i]!, true);
    return this.bytes(field, bytes);
  }

  /** The serialized message: all fields written so far, concatenated. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  private tag(field: number, wireType: number): this {
    if (!Number.isInteger(field) || field < 1 || field > 0x1fffffff) throw new RangeError(`protobuf field number ${field} is out of range`);
    return this.varint(BigInt(field) * 8n + BigInt(wireType));
  }

  /** Base-128 varint of an unsigned 64-bit value: 7 bits a byte, least significant first, high bit set on all but the last. */
  private varint(value: bigint): this {
    const bytes: number[] = [];
    let rest = value;
    while (rest >= 0x80n) {
      bytes.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    bytes.push(Number(rest));
    return this.push(Uint8Array.from(bytes));
  }

  private push(bytes: Uint8Array): this {
    this.chunks.push(bytes);
    this.length += bytes.length;
    return this;
  }
}
