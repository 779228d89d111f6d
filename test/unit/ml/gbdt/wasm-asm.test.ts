import { describe, expect, it } from 'vitest';
import { isMlpError } from '../../../../src/core/index.js';
import { block, br, f64, f64x2, forRange, func, get, i32, moduleBytes, set, sleb, uleb, v128 } from '../../../../src/ml/gbdt/wasm-asm.js';
import type { Code, Func, Local } from '../../../../src/ml/gbdt/wasm-asm.js';

const bytes = (code: Code): number[] => code.ops.flatMap((o) => [...o.bytes]);

function rejection(build: () => Func): string {
  try {
    build();
  } catch (error) {
    if (isMlpError(error) && error.code === 'MLP_CORE_INTERNAL') return error.message;
    throw error;
  }
  throw new Error('the function was accepted');
}

describe('WebAssembly writer: encodings (binary format, spec §5)', () => {
  it('writes unsigned LEB128', () => {
    expect(uleb(0)).toEqual([0x00]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    // 624485 = 0b100110_0001110_1100101 → 0xe5 0x8e 0x26
    expect(uleb(624_485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(65_536)).toEqual([0x80, 0x80, 0x04]);
  });

  it('writes signed LEB128, with the sign bit of the last byte', () => {
    expect(sleb(0)).toEqual([0x00]);
    expect(sleb(63)).toEqual([0x3f]);
    // 64 needs a second byte: 0x40 alone would read as -64
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    // -123456 → 0xc0 0xbb 0x78
    expect(sleb(-123_456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it('encodes instructions: opcode, then immediates (memarg = log2 alignment, offset)', () => {
    func('probe', ['i32', 'i32'], [], (local, a, b) => {
      const x = local('v128');
      expect(bytes(i32.const(-1))).toEqual([0x41, 0x7f]);
      expect(bytes(i32.add(get(a), get(b)))).toEqual([0x20, 0x00, 0x20, 0x01, 0x6a]);
      expect(bytes(i32.load8_u(get(a), 5))).toEqual([0x20, 0x00, 0x2d, 0x00, 0x05]);
      expect(bytes(i32.store(get(a), get(b)))).toEqual([0x20, 0x00, 0x20, 0x01, 0x36, 0x02, 0x00]);
      expect(bytes(f64.load(get(a)))).toEqual([0x20, 0x00, 0x2b, 0x03, 0x00]);
      // SIMD: prefix 0xfd, then the opcode as u32 LEB128 (0xf0 = 240 takes two bytes)
      expect(bytes(v128.load(get(a)))).toEqual([0x20, 0x00, 0xfd, 0x00, 0x04, 0x00]);
      expect(bytes(f64x2.add(get(x), get(x)))).toEqual([0x20, 0x02, 0x20, 0x02, 0xfd, 0xf0, 0x01]);
      expect(bytes(set(x, f64x2.promote_low_f32x4(v128.load64_zero(get(b)))))).toEqual([
        0x20, 0x01, 0xfd, 0x5d, 0x03, 0x00, 0xfd, 0x5f, 0x21, 0x02,
      ]);
      // for (i = a; i < b; i++) {}: set, block, loop, br_if 1 (i >= b), i += 1, br 0, end, end
      const i = local('i32');
      expect(bytes(forRange(i, get(a), get(b)))).toEqual([
        0x20, 0x00, 0x21, 0x03, 0x02, 0x40, 0x03, 0x40, 0x20, 0x03, 0x20, 0x01, 0x4f, 0x0d, 0x01, 0x20, 0x03, 0x41, 0x01, 0x6a, 0x21, 0x03,
        0x0c, 0x00, 0x0b, 0x0b,
      ]);
      return [];
    });
  });

  it('writes a whole module byte for byte, and it runs', () => {
    const add = func('add', ['i32', 'i32'], ['i32'], (_local, a, b) => [i32.add(get(a), get(b))]);
    const module = moduleBytes([add], 2);
    expect(Array.from(module)).toEqual([
      ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
      // type section: one type, (i32 i32) → (i32)
      ...[0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f],
      // import section: env.memory, shared memory limits (flag 3) 1..2 pages
      ...[0x02, 0x10, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x03, 0x01, 0x02],
      // function section: function 0 has type 0
      ...[0x03, 0x02, 0x01, 0x00],
      // export section: "add" = function 0
      ...[0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00],
      // code section: one body of 7 bytes: no locals, local.get 0, local.get 1, i32.add, end
      ...[0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b],
    ]);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(module), { env: { memory } });
    const run = instance.exports.add as (a: number, b: number) => number;
    expect(run(2, 40)).toBe(42);
  });
});

describe('WebAssembly writer: stack checks when a function is built', () => {
  it('rejects a body that leaves nothing where the function returns an i32', () => {
    const message = rejection(() => func('noResult', ['i32'], ['i32'], (_local, a) => [set(a, i32.const(1))]));
    expect(message).toContain('noResult');
    expect(message).toContain('leaves [] but the function returns [i32]');
  });

  it('rejects a value left on the stack inside a block', () => {
    const message = rejection(() => func('leftover', ['i32'], [], (_local, a) => [block(get(a))]));
    expect(message).toContain('leftover');
    expect(message).toContain('(end) ends a block that leaves values; stack [i32]');
  });

  it('an operand of the wrong kind does not compile, and is rejected when the function is built if forced', () => {
    const message = rejection(() =>
      func('mixed', ['f64', 'i32'], ['i32'], (_local, x, a) => [
        // @ts-expect-error i32.add takes i32 operands, not an f64
        i32.add(get(x), get(a)),
      ]),
    );
    expect(message).toContain('instruction 2 (i32.add) expects [i32 i32]; stack [f64 i32]');
  });

  it('rejects a branch out of the function and a local of another function', () => {
    expect(rejection(() => func('jump', [], [], () => [br(0)]))).toContain('branches to label 0');
    let foreign: Local<'i32'> | undefined;
    func('first', ['i32'], [], (_local, a) => {
      foreign = a;
      return [];
    });
    const stolen = foreign as Local<'i32'>;
    expect(rejection(() => func('second', ['f64'], [], () => [set(stolen, i32.const(0))]))).toContain('names a local of another function');
  });
});
