import { InternalError } from '../../core/index.js';

/**
 * A small typed WebAssembly writer for the generated kernels (wasm-kernel.ts, wasm-predict.ts). Kernel code is
 * written as folded instructions that read like WAT — `i32.add(get(base), i32.shl(get(i), i32.const(2)))` is
 * `(i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2)))` — and emitted in the same order as the
 * stack code they stand for. Two checks keep a malformed kernel from reaching `WebAssembly.Module`:
 *
 * - tsc checks operand kinds: an instruction takes `Expr<'i32'>`, `Expr<'f64'>`… and a local is a typed
 *   `Local<T>`, so an f64 passed where an i32 belongs does not compile;
 * - {@link func} replays every instruction's stack effect when a function is built (operand types, label depths,
 *   leftover values, the result) and throws MLP_CORE_INTERNAL naming the function, the instruction and the stack.
 *
 * Only instructions the kernels use are here (WebAssembly core 2.0 with fixed-width SIMD), all with natural
 * alignment. Encodings follow the specification's binary format (§5).
 */

/** WebAssembly page size, and the most pages a 32-bit memory can have (4 GiB). */
export const PAGE = 65_536;
export const MAX_PAGES = 65_536;

/** The value types the kernels use. */
export type ValType = 'i32' | 'f64' | 'v128';

const TYPE_CODE: Readonly<Record<ValType, number>> = { i32: 0x7f, f64: 0x7c, v128: 0x7b };

/** Unsigned LEB128. */
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

/** Signed LEB128 (32-bit values). */
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

const vec = (items: readonly (readonly number[])[]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
const section = (id: number, body: readonly number[]): number[] => [id, ...uleb(body.length), ...body];

/** One instruction with its stack effect (`label`: the branch depth of `br`/`br_if`; `local`: the local it names). */
interface Op {
  readonly name: string;
  readonly bytes: readonly number[];
  readonly pops: readonly ValType[];
  readonly pushes: readonly ValType[];
  readonly control?: 'block' | 'loop' | 'end' | 'br' | 'br_if';
  readonly label?: number;
  readonly local?: Local<ValType>;
}

/** Code that leaves one value of type T on the stack. */
export interface Expr<T extends ValType> {
  readonly type: T;
  readonly ops: readonly Op[];
}

/** Code that leaves nothing on the stack. */
export interface Stmt {
  readonly type: null;
  readonly ops: readonly Op[];
}

/** A line of a function or block body: a statement, or (in the last line of a function with a result) a value. */
export type Code = Stmt | Expr<ValType>;

/** A parameter or local of a function under construction. */
export interface Local<T extends ValType> {
  readonly type: T;
  readonly index: number;
  readonly owner: object;
}

const op = (name: string, bytes: readonly number[], pops: readonly ValType[], pushes: readonly ValType[]): Op => ({
  name,
  bytes,
  pops,
  pushes,
});
const ops = (...parts: ReadonlyArray<Code | Op>): Op[] => parts.flatMap((p) => ('ops' in p ? p.ops : [p]));
const expr = <T extends ValType>(type: T, ...parts: ReadonlyArray<Code | Op>): Expr<T> => ({ type, ops: ops(...parts) });
const stmt = (...parts: ReadonlyArray<Code | Op>): Stmt => ({ type: null, ops: ops(...parts) });

/** memarg: natural alignment (log2 of the access size) and a byte offset. */
const memarg = (bytes: number, offset: number): number[] => [Math.log2(bytes), ...uleb(offset)];
const simd = (code: number, ...imm: number[]): number[] => [0xfd, ...uleb(code), ...imm];

function binary<T extends ValType, R extends ValType>(nm: string, code: number[], t: T, r: R): (a: Expr<T>, b: Expr<T>) => Expr<R> {
  return (a, b) => expr(r, a, b, op(nm, code, [t, t], [r]));
}

function unary<T extends ValType, R extends ValType>(nm: string, code: number[], t: T, r: R): (a: Expr<T>) => Expr<R> {
  return (a) => expr(r, a, op(nm, code, [t], [r]));
}

function load<R extends ValType>(nm: string, code: (offset: number) => number[], r: R): (address: Expr<'i32'>, offset?: number) => Expr<R> {
  return (address, offset = 0) => expr(r, address, op(nm, code(offset), ['i32'], [r]));
}

function store<T extends ValType>(nm: string, code: number[], t: T): (address: Expr<'i32'>, value: Expr<T>) => Stmt {
  return (address, value) => stmt(address, value, op(nm, code, ['i32', t], []));
}

/** i32 instructions. */
export const i32 = {
  const: (v: number): Expr<'i32'> => expr('i32', op('i32.const', [0x41, ...sleb(v)], [], ['i32'])),
  add: binary('i32.add', [0x6a], 'i32', 'i32'),
  sub: binary('i32.sub', [0x6b], 'i32', 'i32'),
  mul: binary('i32.mul', [0x6c], 'i32', 'i32'),
  and: binary('i32.and', [0x71], 'i32', 'i32'),
  shl: binary('i32.shl', [0x74], 'i32', 'i32'),
  shr_s: binary('i32.shr_s', [0x75], 'i32', 'i32'),
  lt_u: binary('i32.lt_u', [0x49], 'i32', 'i32'),
  le_s: binary('i32.le_s', [0x4c], 'i32', 'i32'),
  ge_u: binary('i32.ge_u', [0x4f], 'i32', 'i32'),
  eqz: unary('i32.eqz', [0x45], 'i32', 'i32'),
  load: load('i32.load', (o) => [0x28, ...memarg(4, o)], 'i32'),
  load8_u: load('i32.load8_u', (o) => [0x2d, ...memarg(1, o)], 'i32'),
  store: store('i32.store', [0x36, ...memarg(4, 0)], 'i32'),
};

/** f64 instructions. */
export const f64 = {
  add: binary('f64.add', [0xa0], 'f64', 'f64'),
  ge: binary('f64.ge', [0x66], 'f64', 'i32'),
  ne: binary('f64.ne', [0x62], 'f64', 'i32'),
  load: load('f64.load', (o) => [0x2b, ...memarg(8, o)], 'f64'),
  store: store('f64.store', [0x39, ...memarg(8, 0)], 'f64'),
};

/** v128 memory instructions. */
export const v128 = {
  load: load('v128.load', (o) => simd(0x00, ...memarg(16, o)), 'v128'),
  /** Loads 64 bits into the low lane, zeroes the high one. */
  load64_zero: load('v128.load64_zero', (o) => simd(0x5d, ...memarg(8, o)), 'v128'),
  store: store('v128.store', simd(0x0b, ...memarg(16, 0)), 'v128'),
};

/** f64x2 lane-wise instructions. */
export const f64x2 = {
  add: binary('f64x2.add', simd(0xf0), 'v128', 'v128'),
  sub: binary('f64x2.sub', simd(0xf1), 'v128', 'v128'),
  promote_low_f32x4: unary('f64x2.promote_low_f32x4', simd(0x5f), 'v128', 'v128'),
};

/** `local.get` */
export const get = <T extends ValType>(l: Local<T>): Expr<T> =>
  expr(l.type, { ...op('local.get', [0x20, ...uleb(l.index)], [], [l.type]), local: l });
/** `local.set` */
export const set = <T extends ValType>(l: Local<T>, v: Expr<T>): Stmt =>
  stmt(v, { ...op('local.set', [0x21, ...uleb(l.index)], [l.type], []), local: l });
/** `local.tee` */
export const tee = <T extends ValType>(l: Local<T>, v: Expr<T>): Expr<T> =>
  expr(l.type, v, { ...op('local.tee', [0x22, ...uleb(l.index)], [l.type], [l.type]), local: l });
/** `select`: `a` when `cond` ≠ 0, else `b`. */
export const select = <T extends ValType>(a: Expr<T>, b: Expr<T>, cond: Expr<'i32'>): Expr<T> =>
  expr(a.type, a, b, cond, op('select', [0x1b], [a.type, a.type, 'i32'], [a.type]));

const END: Op = { ...op('end', [0x0b], [], []), control: 'end' };
/** `block` with no result. */
export const block = (...body: Code[]): Stmt => stmt({ ...op('block', [0x02, 0x40], [], []), control: 'block' }, ...body, END);
/** `loop` with no result. */
export const loop = (...body: Code[]): Stmt => stmt({ ...op('loop', [0x03, 0x40], [], []), control: 'loop' }, ...body, END);
/** `br depth` */
export const br = (depth: number): Stmt => stmt({ ...op('br', [0x0c, ...uleb(depth)], [], []), control: 'br', label: depth });
/** `br_if depth` */
export const brIf = (depth: number, cond: Expr<'i32'>): Stmt =>
  stmt(cond, { ...op('br_if', [0x0d, ...uleb(depth)], ['i32'], []), control: 'br_if', label: depth });

/** `base + (index << shift)`: the address of element `index` of `2^shift`-byte elements at `base`. */
export const address = (base: Expr<'i32'>, index: Expr<'i32'>, shift: number): Expr<'i32'> =>
  i32.add(base, i32.shl(index, i32.const(shift)));

/** `for (i = begin; !(i >= end, unsigned); i++) body` as `block { loop { br_if 1 (i ≥ end); body; i++; br 0 } }`. */
export const forRange = (i: Local<'i32'>, begin: Expr<'i32'>, end: Expr<'i32'>, ...body: Code[]): Stmt =>
  stmt(set(i, begin), block(loop(brIf(1, i32.ge_u(get(i), end)), ...body, set(i, i32.add(get(i), i32.const(1))), br(0))));

/** A function of a module: its export name, signature and encoded body (locals and code). */
export interface Func {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  readonly body: readonly number[];
}

type Locals<P extends readonly ValType[]> = { [K in keyof P]: Local<P[K]> };

/** Declares locals of a function being built (they follow the parameters, in the order declared). */
export type DeclareLocal = <T extends ValType>(type: T) => Local<T>;

function fail(fn: string, at: number, o: Op, problem: string, stack: readonly ValType[]): never {
  throw InternalError({ reason: `WebAssembly kernel ${fn}: instruction ${at} (${o.name}) ${problem}; stack [${stack.join(' ')}]` });
}

interface Frame {
  readonly height: number;
  unreachable: boolean;
}

/** Replays the stack effect of every instruction; throws on the first that does not fit. */
function check(fn: string, code: readonly Op[], owner: object, localTypes: readonly ValType[], results: readonly ValType[]): void {
  const stack: ValType[] = [];
  const frames: Frame[] = [{ height: 0, unreachable: false }];
  code.forEach((o, at) => {
    const frame = frames[frames.length - 1] as Frame;
    if (o.local !== undefined && (o.local.owner !== owner || localTypes[o.local.index] !== o.local.type))
      fail(fn, at, o, 'names a local of another function', stack);
    const n = o.pops.length;
    const available = stack.length - frame.height;
    // after a branch the rest of the block is unreachable: missing operands are taken as given
    const top = stack.slice(stack.length - Math.min(n, available));
    const wanted = o.pops.slice(n - top.length);
    if ((available < n && !frame.unreachable) || top.some((t, k) => t !== wanted[k]))
      fail(fn, at, o, `expects [${o.pops.join(' ')}]`, stack);
    stack.length -= top.length;
    if (o.label !== undefined && o.label >= frames.length - 1)
      fail(fn, at, o, `branches to label ${o.label} outside the function's ${frames.length - 1} blocks`, stack);
    if (o.control === 'block' || o.control === 'loop') frames.push({ height: stack.length, unreachable: false });
    else if (o.control === 'end') {
      if (stack.length !== frame.height) fail(fn, at, o, 'ends a block that leaves values', stack);
      frames.pop();
    } else if (o.control === 'br') {
      stack.length = frame.height;
      frame.unreachable = true;
    }
    stack.push(...o.pushes);
  });
  if (frames.length !== 1 || stack.length !== results.length || stack.some((t, i) => t !== results[i])) {
    throw InternalError({
      reason: `WebAssembly kernel ${fn}: the body leaves [${stack.join(' ')}] but the function returns [${results.join(' ')}]`,
    });
  }
}

/**
 * Builds one function: `build` gets a local declarer and the parameters as typed locals and returns the body.
 * @throws MLP_CORE_INTERNAL when an instruction does not fit the stack, a branch leaves the function, a local
 * belongs to another function, or the body does not leave exactly `results`.
 */
export function func<const P extends readonly ValType[], const R extends readonly ValType[]>(
  fnName: string,
  params: P,
  results: R,
  build: (local: DeclareLocal, ...params: Locals<P>) => Code[],
): Func {
  const owner = {};
  const types: ValType[] = [...params];
  const local: DeclareLocal = (type) => ({ type, index: types.push(type) - 1, owner });
  const args = params.map((type, index) => ({ type, index, owner })) as Locals<P>;
  const code = ops(...build(local, ...args));
  check(fnName, code, owner, types, results);
  // locals after the parameters, consecutive ones of one type in one group
  const groups: number[][] = [];
  for (let i = params.length; i < types.length;) {
    let j = i;
    while (j < types.length && types[j] === types[i]) j++;
    groups.push([...uleb(j - i), TYPE_CODE[types[i] as ValType]]);
    i = j;
  }
  return { name: fnName, params, results, body: [...vec(groups), ...code.flatMap((o) => o.bytes), 0x0b] };
}

/**
 * A module that imports `env.memory` (shared, 1 to `maxPages` pages) and exports `functions` by name, in order.
 * Function types are listed in the order they first appear.
 */
export function moduleBytes(functions: readonly Func[], maxPages: number): Uint8Array {
  const signature = (f: Func): number[] => [
    0x60,
    ...vec(f.params.map((t) => [TYPE_CODE[t]])),
    ...vec(f.results.map((t) => [TYPE_CODE[t]])),
  ];
  const types: string[] = [];
  const typeOf = functions.map((f) => {
    const key = signature(f).join(',');
    if (!types.includes(key)) types.push(key);
    return types.indexOf(key);
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, vec(types.map((key) => key.split(',').map(Number)))),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x03, ...uleb(1), ...uleb(maxPages)]])),
    ...section(3, vec(typeOf.map((t) => uleb(t)))),
    ...section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(functions.map((f) => [...uleb(f.body.length), ...f.body]))),
  ]);
}
