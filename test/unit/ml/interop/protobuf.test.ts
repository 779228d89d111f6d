import { describe, expect, it } from 'vitest';

import { isMlpError } from '../../../../src/core/index.js';
import { decodeFields, ProtoWriter, unpackInts } from '../../../../src/ml/interop/protobuf.js';
import { encodeModel } from '../../../../src/ml/interop/onnx-proto.js';

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

describe('ProtoWriter (examples from the protobuf encoding guide)', () => {
  it('writes varint fields', () => {
    const w = new ProtoWriter();
    w.int(1, 150);
    expect(hex(w.finish())).toBe('08 96 01');
  });

  it('writes strings as length-delimited fields', () => {
    const w = new ProtoWriter();
    w.string(2, 'testing');
    expect(hex(w.finish())).toBe('12 07 74 65 73 74 69 6e 67');
  });

  it('writes packed repeated varints', () => {
    const w = new ProtoWriter();
    w.packedInts(4, [3, 270, 86942]);
    expect(hex(w.finish())).toBe('22 06 03 8e 02 9e a7 05');
  });

  it('writes negative int64 as ten-byte two’s complement', () => {
    const w = new ProtoWriter();
    w.int(1, -1);
    expect(hex(w.finish())).toBe('08 ff ff ff ff ff ff ff ff ff 01');
  });

  it('writes floats and doubles little-endian', () => {
    const w = new ProtoWriter();
    w.float(2, 1);
    w.double(3, 1);
    expect(hex(w.finish())).toBe('15 00 00 80 3f 19 00 00 00 00 00 00 f0 3f');
  });

  it('grows past its initial buffer', () => {
    const w = new ProtoWriter();
    const big = new Uint8Array(10_000).fill(7);
    w.bytes(1, big);
    const f = decodeFields(w.finish());
    expect(f).toHaveLength(1);
    expect((f[0]?.value as Uint8Array).length).toBe(10_000);
  });
});

describe('decodeFields', () => {
  it('reads back what the writer wrote', () => {
    const w = new ProtoWriter();
    w.int(1, 2 ** 40);
    w.int(2, -5);
    w.string(3, 'héllo');
    w.packedInts(4, [0, -1, 127, 128, 2 ** 35]);
    w.float(5, 0.5);
    const f = decodeFields(w.finish());
    expect(f.map((x) => [x.field, x.wire])).toEqual([
      [1, 0],
      [2, 0],
      [3, 2],
      [4, 2],
      [5, 5],
    ]);
    expect(f[0]?.value).toBe(2n ** 40n);
    expect(BigInt.asIntN(64, f[1]?.value as bigint)).toBe(-5n);
    expect(new TextDecoder().decode(f[2]?.value as Uint8Array)).toBe('héllo');
    expect(unpackInts(f[3]?.value as Uint8Array)).toEqual([0, -1, 127, 128, 2 ** 35]);
  });

  it('rejects truncated input with MLP_ML_BUNDLE_INVALID', () => {
    for (const bytes of [
      Uint8Array.of(0x08),
      Uint8Array.of(0x12, 0x05, 0x61),
      Uint8Array.of(0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01),
      Uint8Array.of(0x0b),
    ]) {
      let err: unknown;
      try {
        decodeFields(bytes);
      } catch (e) {
        err = e;
      }
      expect(isMlpError(err) && err.code).toBe('MLP_ML_BUNDLE_INVALID');
    }
  });
});

describe('encodeModel', () => {
  it('lays out ModelProto fields as onnx.proto numbers them', () => {
    const bytes = encodeModel({
      irVersion: 8,
      opsets: [
        { domain: '', version: 17 },
        { domain: 'ai.onnx.ml', version: 3 },
      ],
      producerName: 'mlpilot',
      producerVersion: '1',
      graphName: 'g',
      nodes: [{ opType: 'Identity', inputs: ['x'], outputs: ['y'], attributes: {} }],
      inputs: [{ name: 'x', elemType: 11, shape: ['N', 2] }],
      outputs: [{ name: 'y', elemType: 11, shape: ['N', 2] }],
      metadata: { k: 'v' },
    });
    const top = decodeFields(bytes);
    expect(top.find((f) => f.field === 1)?.value).toBe(8n);
    const opsets = top.filter((f) => f.field === 8).map((f) => decodeFields(f.value as Uint8Array));
    expect(opsets.map((o) => o.map((f) => (f.wire === 0 ? Number(f.value) : new TextDecoder().decode(f.value))))).toEqual([
      [17],
      ['ai.onnx.ml', 3],
    ]);
    const graph = decodeFields(top.find((f) => f.field === 7)?.value as Uint8Array);
    const node = decodeFields(graph.find((f) => f.field === 1)?.value as Uint8Array);
    expect(new TextDecoder().decode(node.find((f) => f.field === 4)?.value as Uint8Array)).toBe('Identity');
    expect(graph.filter((f) => f.field === 11)).toHaveLength(1);
    expect(graph.filter((f) => f.field === 12)).toHaveLength(1);
  });
});
