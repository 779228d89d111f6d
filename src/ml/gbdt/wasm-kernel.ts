import { address, f64, f64x2, forRange, func, get, i32, moduleBytes, select, set, tee, v128 } from './wasm-asm.js';
import type { Code, DeclareLocal, Expr, Func, Local } from './wasm-asm.js';

/**
 * The trainer's two hot loops as WebAssembly, generated per feature layout from its integers only (no input data):
 *
 * - **histogram** (`hist`, `histSeq`): `hist[2·slot] += g`, `hist[2·slot + 1] += h` for each row and feature, slot =
 *   the feature's offset + the row's local bin. A row's (g, h) float32 pair is loaded once and widened to a float64
 *   pair; each feature then does one 128-bit load, one f64x2 add and one store. Lane-wise f64x2 addition is IEEE
 *   addition and rows are added in order, so the sums are exactly those of adding one row at a time in float64.
 * - **partition** (`partition`, `partitionSeq`): the rows of a range move to the other index buffer by their
 *   per-bin left flag, left rows forward from `begin`, right rows backward from `end - 1`. Branch-free: each row is
 *   stored at both cursors and only the matching one moves. Returns the first right position.
 *
 * - **apply** (`applyLeaf`, `applyDeferred`): a finished tree's update of the raw scores: `raw[r·k + c] += value` for
 *   a leaf's rows, and for a deferred split's rows the left or the right leaf's value by the row's bin flag
 *   (`select`, branch-free). The same IEEE additions as `raw[q] = raw[q] + v`.
 *
 * - **histogram sums** (`sumBlocks`, `subtract`): a node's block histograms added in block order into its own, and
 *   the subtraction trick, one (g, h) f64x2 pair at a time (lane-wise IEEE, the order of the scalar loops).
 *
 * `…Seq` variants take positions `begin..end` as the rows themselves (no index read). All pointers are byte
 * addresses in the training memory (training-memory.ts). Measured on flights (5 features) against the JavaScript
 * loops they replace: histogram 2.8× faster over consecutive rows and 1.7× over an index, partition 3.2×.
 */

/** The exports of the kernel module; every argument is an i32 (byte address or row position). */
export interface TrainingKernels {
  hist(bins: number, gh: number, idx: number, begin: number, end: number, hist: number): void;
  histSeq(bins: number, gh: number, idx: number, begin: number, end: number, hist: number): void;
  partition(column: number, src: number, dst: number, flags: number, begin: number, end: number): number;
  partitionSeq(column: number, src: number, dst: number, flags: number, begin: number, end: number): number;
  /** `raw` is the address of output column c of row 0, `stride` = 8k bytes per row. */
  applyLeaf(raw: number, stride: number, idx: number, begin: number, end: number, value: number): void;
  applyLeafSeq(raw: number, stride: number, idx: number, begin: number, end: number, value: number): void;
  applyDeferred(
    raw: number,
    stride: number,
    idx: number,
    column: number,
    flags: number,
    begin: number,
    end: number,
    left: number,
    right: number,
  ): void;
  applyDeferredSeq(
    raw: number,
    stride: number,
    idx: number,
    column: number,
    flags: number,
    begin: number,
    end: number,
    left: number,
    right: number,
  ): void;
  /** `target[j] = Σ_b src[b·stride + j]` over `pairs` (g, h) pairs, b = 0..blocks-1 in order (stride in bytes). */
  sumBlocks(target: number, src: number, blocks: number, stride: number, pairs: number, unused: number): void;
  /** `parent[j] -= child[j]` over `pairs` (g, h) pairs. */
  subtract(parent: number, child: number, pairs: number, unused1: number, unused2: number, unused3: number): void;
}

const I6 = ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'] as const;

/** The row at position i: `i` itself (sequential) or `idx[i]`. */
const rowAt = (i: Local<'i32'>, idx: Local<'i32'>, sequential: boolean): Expr<'i32'> =>
  sequential ? get(i) : i32.load(address(get(idx), get(i), 2));

/** Histogram: for each row, its (g, h) pair widened to f64x2, added into every feature's slot. */
function hist(offset: ArrayLike<number>, nf: number, sequential: boolean): Func {
  return func(sequential ? 'histSeq' : 'hist', I6, [], (local: DeclareLocal, bins, gh, idx, begin, end, hist) => {
    const [i, row, at, slot] = [local('i32'), local('i32'), local('i32'), local('i32')];
    const pair = local('v128');
    const body: Code[] = [
      set(row, rowAt(i, idx, sequential)),
      set(pair, f64x2.promote_low_f32x4(v128.load64_zero(address(get(gh), get(row), 3)))),
      set(at, i32.add(get(bins), i32.mul(get(row), i32.const(nf)))),
    ];
    for (let f = 0; f < nf; f++) {
      // slot = hist + 16 · (bins[at + f] + offset[f]); *slot += pair
      const address16 = address(get(hist), i32.add(i32.load8_u(get(at), f), i32.const(Math.trunc(offset[f] as number))), 4);
      body.push(v128.store(tee(slot, address16), f64x2.add(v128.load(get(slot)), get(pair))));
    }
    return [forRange(i, get(begin), get(end), ...body)];
  });
}

/** Partition: each row stored at both cursors, only the matching cursor moves; returns the first right position. */
function partition(sequential: boolean): Func {
  return func(sequential ? 'partitionSeq' : 'partition', I6, ['i32'], (local, column, src, dst, flags, begin, end) => {
    const [i, w, k, row, left] = [local('i32'), local('i32'), local('i32'), local('i32'), local('i32')];
    return [
      set(w, get(begin)),
      set(k, i32.sub(get(end), i32.const(1))),
      forRange(
        i,
        get(begin),
        get(end),
        set(row, rowAt(i, src, sequential)),
        set(left, i32.load8_u(i32.add(get(flags), i32.load8_u(i32.add(get(column), get(row)))))),
        i32.store(address(get(dst), get(w), 2), get(row)),
        i32.store(address(get(dst), get(k), 2), get(row)),
        // w += left; k -= 1 - left
        set(w, i32.add(get(w), get(left))),
        set(k, i32.add(i32.sub(get(k), i32.const(1)), get(left))),
      ),
      get(w),
    ];
  });
}

/** Apply a leaf's value to its rows' raw scores. */
function applyLeaf(sequential: boolean): Func {
  return func(
    sequential ? 'applyLeafSeq' : 'applyLeaf',
    ['i32', 'i32', 'i32', 'i32', 'i32', 'f64'],
    [],
    (local, raw, stride, idx, begin, end, value) => {
      const [i, at] = [local('i32'), local('i32')];
      const score = tee(at, i32.add(get(raw), i32.mul(rowAt(i, idx, sequential), get(stride))));
      return [forRange(i, get(begin), get(end), f64.store(score, f64.add(f64.load(get(at)), get(value))))];
    },
  );
}

/** Apply a deferred split: each row gets the left or the right leaf's value by its bin's flag (`select`, branch-free). */
function applyDeferred(sequential: boolean): Func {
  const params = ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'f64', 'f64'] as const;
  return func(
    sequential ? 'applyDeferredSeq' : 'applyDeferred',
    params,
    [],
    (local, raw, stride, idx, column, flags, begin, end, left, right) => {
      const [i, at] = [local('i32'), local('i32')];
      const score = tee(at, i32.add(get(raw), i32.mul(rowAt(i, idx, sequential), get(stride))));
      // the row is read again (cheaper than a third local)
      const goLeft = i32.load8_u(i32.add(get(flags), i32.load8_u(i32.add(get(column), rowAt(i, idx, sequential)))));
      return [forRange(i, get(begin), get(end), f64.store(score, f64.add(f64.load(get(at)), select(get(left), get(right), goLeft))))];
    },
  );
}

/** Histogram sums: each (g, h) pair of `target` = the same pair of every block, added in block order. */
function sumBlocks(): Func {
  return func('sumBlocks', I6, [], (local, target, src, blocks, stride, pairs) => {
    const [j, b, one, zero] = [local('i32'), local('i32'), local('i32'), local('i32')];
    const v = local('v128');
    const pair = (base: Expr<'i32'>): Expr<'i32'> => address(base, get(j), 4);
    const add = set(v, f64x2.add(get(v), v128.load(pair(i32.add(get(src), i32.mul(get(b), get(stride)))))));
    return [
      set(one, i32.const(1)),
      forRange(
        j,
        get(zero),
        get(pairs),
        set(v, v128.load(pair(get(src)))),
        forRange(b, get(one), get(blocks), add),
        v128.store(pair(get(target)), get(v)),
      ),
    ];
  });
}

/** Subtraction: `parent -= child`, one (g, h) pair at a time. */
function subtract(): Func {
  return func('subtract', I6, [], (local, parent, child, pairs) => {
    const [j, zero] = [local('i32'), local('i32')];
    const at = (base: Local<'i32'>): Expr<'i32'> => address(get(base), get(j), 4);
    return [forRange(j, get(zero), get(pairs), v128.store(at(parent), f64x2.sub(v128.load(at(parent)), v128.load(at(child)))))];
  });
}

/** The kernel module for a feature layout: imports `env.memory` (shared, up to `maxPages`), exports TrainingKernels. */
export function kernelModuleBytes(offset: ArrayLike<number>, nf: number, maxPages: number): Uint8Array {
  return moduleBytes(
    [
      hist(offset, nf, false),
      hist(offset, nf, true),
      partition(false),
      partition(true),
      applyLeaf(false),
      applyLeaf(true),
      applyDeferred(false),
      applyDeferred(true),
      sumBlocks(),
      subtract(),
    ],
    maxPages,
  );
}
