import { ProtoWriter } from './protobuf.js';

/**
 * The few ONNX messages mlpilot writes, encoded with {@link ProtoWriter}. Field numbers are those of onnx.proto
 * (proto2): ModelProto{ir_version 1, producer_name 2, producer_version 3, domain 4, model_version 5, doc_string 6,
 * graph 7, opset_import 8, metadata_props 14}; OperatorSetIdProto{domain 1, version 2}; GraphProto{node 1, name 2,
 * initializer 5, doc_string 10, input 11, output 12}; NodeProto{input 1, output 2, name 3, op_type 4, attribute 5,
 * doc_string 6, domain 7}; AttributeProto{name 1, f 2, i 3, s 4, t 5, floats 7, ints 8, strings 9, type 20};
 * TensorProto{dims 1, data_type 2, name 8, raw_data 9}; ValueInfoProto{name 1, type 2}; TypeProto{tensor_type 1};
 * TypeProto.Tensor{elem_type 1, shape 2}; TensorShapeProto{dim 1}; Dimension{dim_value 1, dim_param 2};
 * StringStringEntryProto{key 1, value 2}.
 */

/** TensorProto.DataType values used here. */
export const OnnxType = { FLOAT: 1, INT64: 7, STRING: 8, DOUBLE: 11 } as const;

/** AttributeProto.AttributeType values. */
const ATTR = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

/** One attribute value; `doubles` becomes a 1-D DOUBLE TensorProto (the `*_as_tensor` attributes). */
export type OnnxAttributeValue =
  | { readonly int: number }
  | { readonly ints: ArrayLike<number> }
  | { readonly float: number }
  | { readonly floats: ArrayLike<number> }
  | { readonly string: string }
  | { readonly strings: readonly string[] }
  | { readonly doubles: ArrayLike<number> };

/** A graph node. */
export interface OnnxNode {
  readonly opType: string;
  readonly domain?: string;
  readonly name?: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, OnnxAttributeValue>>;
}

/** A graph input or output: name, element type and shape (a string is a symbolic dimension such as `"N"`). */
export interface OnnxValueInfo {
  readonly name: string;
  readonly elemType: number;
  readonly shape: ReadonlyArray<number | string>;
}

/** A whole model. */
export interface OnnxModelSpec {
  readonly irVersion: number;
  readonly opsets: ReadonlyArray<{ readonly domain: string; readonly version: number }>;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly graphName: string;
  readonly docString?: string;
  readonly nodes: readonly OnnxNode[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  readonly metadata?: Readonly<Record<string, string>>;
}

/** A 1-D DOUBLE TensorProto with its values as little-endian raw_data. */
export function encodeDoubleTensor(values: ArrayLike<number>, name = ''): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, values.length);
  w.int(2, OnnxType.DOUBLE);
  if (name !== '') w.string(8, name);
  const raw = new Uint8Array(values.length * 8);
  const dv = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) dv.setFloat64(i * 8, values[i] as number, true);
  w.bytes(9, raw);
  return w.finish();
}

/** One AttributeProto. */
export function encodeAttribute(name: string, v: OnnxAttributeValue): Uint8Array {
  const w = new ProtoWriter();
  w.string(1, name);
  if ('int' in v) {
    w.int(3, v.int);
    w.int(20, ATTR.INT);
  } else if ('ints' in v) {
    w.packedInts(8, v.ints);
    w.int(20, ATTR.INTS);
  } else if ('float' in v) {
    w.float(2, v.float);
    w.int(20, ATTR.FLOAT);
  } else if ('floats' in v) {
    w.packedFloats(7, v.floats);
    w.int(20, ATTR.FLOATS);
  } else if ('string' in v) {
    w.string(4, v.string);
    w.int(20, ATTR.STRING);
  } else if ('strings' in v) {
    for (const s of v.strings) w.string(9, s);
    w.int(20, ATTR.STRINGS);
  } else {
    w.bytes(5, encodeDoubleTensor(v.doubles));
    w.int(20, ATTR.TENSOR);
  }
  return w.finish();
}

/** One NodeProto. */
export function encodeNode(n: OnnxNode): Uint8Array {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name !== undefined) w.string(3, n.name);
  w.string(4, n.opType);
  for (const [name, v] of Object.entries(n.attributes)) w.bytes(5, encodeAttribute(name, v));
  if (n.domain !== undefined && n.domain !== '') w.string(7, n.domain);
  return w.finish();
}

/** One ValueInfoProto with a tensor type. */
export function encodeValueInfo(v: OnnxValueInfo): Uint8Array {
  const shape = new ProtoWriter();
  for (const d of v.shape) {
    const dim = new ProtoWriter();
    if (typeof d === 'number') dim.int(1, d);
    else dim.string(2, d);
    shape.bytes(1, dim.finish());
  }
  const tensor = new ProtoWriter();
  tensor.int(1, v.elemType);
  tensor.bytes(2, shape.finish());
  const type = new ProtoWriter();
  type.bytes(1, tensor.finish());
  const w = new ProtoWriter();
  w.string(1, v.name);
  w.bytes(2, type.finish());
  return w.finish();
}

/** A complete ModelProto. */
export function encodeModel(m: OnnxModelSpec): Uint8Array {
  const g = new ProtoWriter();
  for (const n of m.nodes) g.bytes(1, encodeNode(n));
  g.string(2, m.graphName);
  for (const i of m.inputs) g.bytes(11, encodeValueInfo(i));
  for (const o of m.outputs) g.bytes(12, encodeValueInfo(o));
  const w = new ProtoWriter();
  w.int(1, m.irVersion);
  w.string(2, m.producerName);
  w.string(3, m.producerVersion);
  if (m.docString !== undefined) w.string(6, m.docString);
  w.bytes(7, g.finish());
  for (const o of m.opsets) {
    const op = new ProtoWriter();
    if (o.domain !== '') op.string(1, o.domain);
    op.int(2, o.version);
    w.bytes(8, op.finish());
  }
  for (const [key, value] of Object.entries(m.metadata ?? {})) {
    const e = new ProtoWriter();
    e.string(1, key);
    e.string(2, value);
    w.bytes(14, e.finish());
  }
  return w.finish();
}
