/**
 * A minimal WebAssembly binary writer for the generated kernels (wasm-kernel.ts, wasm-predict.ts): LEB128 numbers,
 * sections, the opcodes the kernels use (core 2.0 plus fixed-width SIMD) and a counted loop. Only integers go in.
 */

/** WebAssembly page size, and the most pages a 32-bit memory can have (4 GiB). */
export const PAGE = 65_536;
export const MAX_PAGES = 65_536;

export function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

export function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

export const vec = (items: readonly number[][]): number[] => [...uleb(items.length), ...items.flat()];
export const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
export const section = (id: number, body: readonly number[]): number[] => [id, ...uleb(body.length), ...body];

// value types and opcodes (WebAssembly core 2.0 with fixed-width SIMD)
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
export const get = (l: number): number[] => [0x20, l];
export const set = (l: number): number[] => [0x21, l];
export const tee = (l: number): number[] => [0x22, l];
export const i32 = (v: number): number[] => [0x41, ...sleb(v)];
export const ADD = 0x6a;
export const SUB = 0x6b;
export const MUL = 0x6c;
export const SHL = 0x74;
export const GE_U = 0x4f;
export const load32 = [0x28, 2, 0];
export const store32 = [0x36, 2, 0];
export const F64_LOAD = [0x2b, 3, 0];
export const F64_STORE = [0x39, 3, 0];
export const F64_ADD = 0xa0;
export const SELECT = 0x1b;
export const load8u = (offset: number): number[] => [0x2d, 0, ...uleb(offset)];
export const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
export const V128_LOAD = simd(0x00, 4, 0);
export const V128_STORE = simd(0x0b, 4, 0);
export const V128_LOAD64_ZERO = simd(0x5d, 3, 0);
export const F64X2_PROMOTE_LOW_F32X4 = simd(0x5f);
export const F64X2_ADD = simd(0xf0);
export const F64X2_SUB = simd(0xf1);
/** `while (i < end) { body; i++ }` with `i` starting at `begin` (locals given by index). */
export const loop = (i: number, begin: number, end: number, body: number[]): number[] => [
  ...get(begin),
  ...set(i),
  ...[0x02, 0x40, 0x03, 0x40],
  ...get(i),
  ...get(end),
  GE_U,
  ...[0x0d, 1],
  ...body,
  ...get(i),
  ...i32(1),
  ADD,
  ...set(i),
  ...[0x0c, 0, 0x0b, 0x0b],
];
/** `base + (index << shift)` */
export const address = (base: number[], index: number[], shift: number): number[] => [...base, ...index, ...i32(shift), SHL, ADD];
export const SHR_S = 0x75;
export const AND = 0x71;
export const LT_U = 0x49;
export const F64_GE = 0x66;
export const F64_NE = 0x62;
