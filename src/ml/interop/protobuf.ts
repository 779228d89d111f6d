import { BundleInvalidError } from '../../core/index.js';

/**
 * A minimal Protocol Buffers wire-format codec: enough to write and read ONNX models without a protobuf library.
 * Wire types: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. Integers are varints (negative int64 as ten-byte
 * two's complement, as protobuf does); repeated numbers are written packed (parsers accept packed and unpacked
 * forms for repeated scalars, proto2 included).
 */
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

/** Appends protobuf fields to a growing byte buffer. */
export class ProtoWriter {
  #buf = new Uint8Array(256);
  #len = 0;

  #ensure(extra: number): void {
    if (this.#len + extra <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  #byte(b: number): void {
    this.#ensure(1);
    this.#buf[this.#len++] = b;
  }

  /** Raw varint of a non-negative safe integer, or of any int64 given as a bigint (negatives as 2^64 + v). */
  varint(v: number | bigint): void {
    if (typeof v === 'number' && v >= 0 && Number.isSafeInteger(v)) {
      let n = v;
      while (n >= 0x80) {
        this.#byte((n % 0x80) | 0x80);
        n = Math.floor(n / 0x80);
      }
      this.#byte(n);
      return;
    }
    let b = BigInt.asUintN(64, BigInt(v));
    while (b >= 0x80n) {
      this.#byte(Number(b & 0x7fn) | 0x80);
      b >>= 7n;
    }
    this.#byte(Number(b));
  }

  /** Field key: `(field << 3) | wireType`. */
  tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** An int64 / int32 / enum / bool field (negative values take ten bytes, as in protobuf). */
  int(field: number, v: number | bigint): void {
    this.tag(field, WIRE_VARINT);
    this.varint(typeof v === 'number' && v < 0 ? BigInt(v) : v);
  }

  /** A `float` field (fixed32, little-endian). */
  float(field: number, v: number): void {
    this.tag(field, WIRE_FIXED32);
    this.#ensure(4);
    new DataView(this.#buf.buffer).setFloat32(this.#len, v, true);
    this.#len += 4;
  }

  /** A `double` field (fixed64, little-endian). */
  double(field: number, v: number): void {
    this.tag(field, WIRE_FIXED64);
    this.#ensure(8);
    new DataView(this.#buf.buffer).setFloat64(this.#len, v, true);
    this.#len += 8;
  }

  /** A length-delimited field holding raw bytes (a `bytes` value or an encoded sub-message). */
  bytes(field: number, b: Uint8Array): void {
    this.tag(field, WIRE_LEN);
    this.varint(b.length);
    this.#ensure(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }

  /** A `string` field (UTF-8). */
  string(field: number, s: string): void {
    this.bytes(field, new TextEncoder().encode(s));
  }

  /** A packed repeated int64 field. */
  packedInts(field: number, values: ArrayLike<number>): void {
    const inner = new ProtoWriter();
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      inner.varint(v < 0 ? BigInt(v) : v);
    }
    this.bytes(field, inner.finish());
  }

  /** A packed repeated float field (values rounded to float32). */
  packedFloats(field: number, values: ArrayLike<number>): void {
    const b = new Uint8Array(values.length * 4);
    const dv = new DataView(b.buffer);
    for (let i = 0; i < values.length; i++) dv.setFloat32(i * 4, values[i] as number, true);
    this.bytes(field, b);
  }

  /** A packed repeated double field. */
  packedDoubles(field: number, values: ArrayLike<number>): void {
    const b = new Uint8Array(values.length * 8);
    const dv = new DataView(b.buffer);
    for (let i = 0; i < values.length; i++) dv.setFloat64(i * 8, values[i] as number, true);
    this.bytes(field, b);
  }

  /** The bytes written so far (a copy). */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

/** One decoded field: varints as bigint, fixed32/fixed64 as their raw bytes' number, length-delimited as bytes. */
export type ProtoField =
  | { readonly field: number; readonly wire: 0; readonly value: bigint }
  | { readonly field: number; readonly wire: 1; readonly value: Uint8Array }
  | { readonly field: number; readonly wire: 2; readonly value: Uint8Array }
  | { readonly field: number; readonly wire: 5; readonly value: Uint8Array };

/**
 * Splits one encoded message into its fields (not recursive: decode a sub-message by calling this on its bytes).
 * @throws MLP_ML_BUNDLE_INVALID on truncated data, over-long varints or unknown wire types.
 */
export function decodeFields(bytes: Uint8Array, location = 'protobuf message'): ProtoField[] {
  const out: ProtoField[] = [];
  let pos = 0;
  const bad = (problem: string): never => {
    throw BundleInvalidError({ location: `${location} byte ${pos}`, problem });
  };
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (pos >= bytes.length) return bad('a varint runs past the end');
      const b = bytes[pos++] as number;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
      shift += 7n;
    }
    return bad('a varint is longer than 10 bytes');
  };
  const take = (n: number): Uint8Array => {
    if (n < 0 || pos + n > bytes.length) return bad(`a field of ${n} bytes runs past the end`);
    const v = bytes.subarray(pos, pos + n);
    pos += n;
    return v;
  };
  while (pos < bytes.length) {
    const key = varint();
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (field === 0) bad('field number 0 is not allowed');
    if (wire === 0) out.push({ field, wire, value: varint() });
    else if (wire === 1) out.push({ field, wire, value: take(8) });
    else if (wire === 2) {
      const n = varint();
      if (n > BigInt(bytes.length)) bad(`a length of ${n} runs past the end`);
      out.push({ field, wire, value: take(Number(n)) });
    } else if (wire === 5) out.push({ field, wire, value: take(4) });
    else bad(`wire type ${wire} is not supported`);
  }
  return out;
}

/** Reads a packed repeated varint field's payload as signed int64 numbers. */
export function unpackInts(payload: Uint8Array): number[] {
  const out: number[] = [];
  let pos = 0;
  while (pos < payload.length) {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= payload.length) throw BundleInvalidError({ location: 'packed varints', problem: 'the last varint is truncated' });
      const b = payload[pos++] as number;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7n;
    }
    out.push(Number(BigInt.asIntN(64, result)));
  }
  return out;
}
