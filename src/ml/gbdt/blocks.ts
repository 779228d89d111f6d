/**
 * Row blocks: the unit of parallel work in training. The rows are cut into `blockCount(n)` fixed contiguous blocks
 * (a function of the row count only, never of the thread count). Positions `start[b]..start[b+1)` of both index
 * buffers belong to block b for the whole run: a node's rows are one index range per block, and splitting a node
 * partitions each block's range on its own, so a row never leaves its block. Every piece of work is "one block":
 *
 * - a step (splitting a set of nodes): per block, partition each node's range, then build the histogram of the
 *   child chosen for building (zeroed, rows in order) into that (node, block)'s arena slot;
 * - a round (between trees): per block, add the finished tree's leaf values to the raw scores of the block's rows,
 *   compute the block's gradients, and build the block's histogram of the next tree's root.
 *
 * The calling thread adds the block histograms of a node in block order, so one thread (running the blocks in a
 * loop) and N threads (taking blocks in any order) give bit-identical sums. `stepBlock` and `roundBlock` run on the
 * calling thread and in the compute pool's workers (block-runner.ts, ../compute/pool.ts).
 */
import type { RangeGradients } from './objectives.js';
import type { TrainingKernels } from './wasm-kernel.js';

/** Rows per block at least (smaller data is one block: no parallel work to share). */
export const BLOCK_ROWS = 8192;
/** Most blocks (the most threads training can use). */
export const MAX_BLOCKS = 4;

/** Number of blocks for `n` rows. */
export function blockCount(n: number): number {
  const b = Math.floor(n / BLOCK_ROWS);
  return b < 1 ? 1 : b > MAX_BLOCKS ? MAX_BLOCKS : b;
}

/** First row of each block, and `n` at the end (`blocks + 1` entries). */
export function blockStarts(n: number, blocks: number): Int32Array {
  return Int32Array.from({ length: blocks + 1 }, (_, b) => Math.floor((n * b) / blocks));
}

/**
 * Index buffer of a range: 0 and 1 are the two index buffers, IDENTITY means the positions are the rows themselves
 * (the root of a tree on every row: no index is filled or read).
 */
export const IDENTITY = 2;

/** The index buffer a node's children are partitioned into. */
export function childBuffer(buf: number): number {
  return buf === 1 ? 0 : 1;
}

/** Int32 fields per step task: the node's buffer, split feature, offset of its per-bin left flags, child to build. */
export const TASK_FIELDS = 4;
export const T_BUF = 0;
export const T_FEATURE = 1;
export const T_FLAGS = 2;
/** 0 = build the left child's histogram, 1 = the right's, -1 = none. */
export const T_BUILD = 3;
/** Int32 fields per (task, block) range: begin, end (inputs) and mid = first right row (output). */
export const RANGE_FIELDS = 3;

/** One training run's arrays as a thread sees them (views on the run's shared memory) and its kernels. */
export interface BlockViews {
  readonly n: number;
  readonly k: number;
  /** Blocks. */
  readonly B: number;
  /** Float64 entries of one histogram. */
  readonly histLen: number;
  /** Step tables: tasks, ranges, per-bin left flags. */
  readonly T: Int32Array;
  readonly R: Int32Array;
  readonly flags: Uint8Array;
  /** Round tables: control, entries, entry ranges, entry values, entry flags. */
  readonly C: Int32Array;
  readonly E: Int32Array;
  readonly ER: Int32Array;
  readonly V: Float64Array;
  readonly EF: Uint8Array;
  /** Histogram arena: slot `t * B + b`. */
  readonly arena: Float64Array;
  /** Column-major and row-major local bins. */
  readonly cols: Uint8Array;
  readonly slots: Uint8Array;
  readonly gh: Float32Array;
  readonly bufs: readonly [Uint32Array, Uint32Array];
  readonly raw: Float64Array;
  readonly y: Float64Array;
  readonly w: Float64Array | null;
  /** The objective's range gradients (single output), or null when the trainer computes gradients itself. */
  readonly grad: RangeGradients | null;
  /** The training kernels (wasm-kernel.ts), called with byte addresses. */
  readonly K: TrainingKernels;
}

/**
 * Block b of step tasks 0..count-1: the partition of each node's range, then the chosen child's histogram into
 * arena slot `t * B + b` (zeroed first).
 */
export function stepBlock(s: BlockViews, b: number, count: number): void {
  const { T, R, B, cols, n, bufs, flags, slots, gh, K, arena, histLen } = s;
  for (let t = 0; t < count; t++) {
    const o = t * TASK_FIELDS;
    const buf = T[o + T_BUF] as number;
    const build = T[o + T_BUILD] as number;
    const ro = (t * B + b) * RANGE_FIELDS;
    const begin = R[ro] as number;
    const end = R[ro + 1] as number;
    const dst = bufs[buf === 1 ? 0 : 1];
    const column = cols.byteOffset + (T[o + T_FEATURE] as number) * n;
    const fl = flags.byteOffset + (T[o + T_FLAGS] as number);
    const mid =
      buf === IDENTITY
        ? K.partitionSeq(column, 0, dst.byteOffset, fl, begin, end)
        : K.partition(column, bufs[buf === 1 ? 1 : 0].byteOffset, dst.byteOffset, fl, begin, end);
    R[ro + 2] = mid;
    if (build >= 0) {
      const at = t * B + b;
      arena.fill(0, at * histLen, (at + 1) * histLen);
      const address = arena.byteOffset + 8 * at * histLen;
      if (build === 0) K.hist(slots.byteOffset, gh.byteOffset, dst.byteOffset, begin, mid, address);
      else K.hist(slots.byteOffset, gh.byteOffset, dst.byteOffset, mid, end, address);
    }
  }
}

/** Round control (Int32): entry count, output column, gradients (1/0), root histogram mode; block starts and root counts follow. */
export const C_ENTRIES = 0;
export const C_COLUMN = 1;
export const C_GRADIENTS = 2;
/** 0 = no root histogram, 1 = every row of the block (IDENTITY), 2 = the block's sample in index buffer 0. */
export const C_ROOT = 3;
/** `C[C_STARTS + b]`: first row of block b (B + 1 entries), then `C[C_STARTS + B + 1 + b]`: the root's rows in block b. */
export const C_STARTS = 4;
export const ROOT_NONE = 0;
export const ROOT_ALL = 1;
export const ROOT_SAMPLE = 2;

/** Int32 fields per apply entry: type (0 = a leaf, 1 = a deferred split), index buffer, feature, flag offset. */
export const ENTRY_FIELDS = 4;
export const E_TYPE = 0;
export const E_BUF = 1;
export const E_FEATURE = 2;
export const E_FLAGS = 3;

/**
 * Round block b: (1) entry e adds `V[2e]` (a leaf's value, a deferred split's left leaf) or `V[2e + 1]` (its right
 * leaf) to output column c of the raw scores of its rows `ER[(e * B + b) * 2 ..]` (the kernels' apply); (2) the
 * gradients of the block's rows; (3) the histogram of the next root's rows in the block into arena slot b.
 */
export function roundBlock(s: BlockViews, b: number): void {
  const { C, E, ER, V, EF, B, cols, n, k, bufs, raw, y, w, gh, grad, slots, K, arena, histLen } = s;
  const entries = C[C_ENTRIES] as number;
  const rc = raw.byteOffset + 8 * (C[C_COLUMN] as number);
  const stride = 8 * k;
  for (let e = 0; e < entries; e++) {
    const o = e * ENTRY_FIELDS;
    const ro = (e * B + b) * 2;
    const begin = ER[ro] as number;
    const end = ER[ro + 1] as number;
    const buf = E[o + E_BUF] as number;
    const ident = buf === IDENTITY;
    const idx = ident ? 0 : bufs[buf === 1 ? 1 : 0].byteOffset;
    const left = V[2 * e] as number;
    if (E[o + E_TYPE] === 0) {
      if (ident) K.applyLeafSeq(rc, stride, 0, begin, end, left);
      else K.applyLeaf(rc, stride, idx, begin, end, left);
    } else {
      const column = cols.byteOffset + (E[o + E_FEATURE] as number) * n;
      const fl = EF.byteOffset + (E[o + E_FLAGS] as number);
      const right = V[2 * e + 1] as number;
      if (ident) K.applyDeferredSeq(rc, stride, 0, column, fl, begin, end, left, right);
      else K.applyDeferred(rc, stride, idx, column, fl, begin, end, left, right);
    }
  }
  const rb = C[C_STARTS + b] as number;
  const re = C[C_STARTS + b + 1] as number;
  if (C[C_GRADIENTS] === 1 && grad !== null) grad(raw, y, w, rb, re, gh);
  const mode = C[C_ROOT] as number;
  if (mode !== ROOT_NONE) {
    arena.fill(0, b * histLen, (b + 1) * histLen);
    const at = arena.byteOffset + 8 * b * histLen;
    if (mode === ROOT_ALL) K.histSeq(slots.byteOffset, gh.byteOffset, 0, rb, re, at);
    else K.hist(slots.byteOffset, gh.byteOffset, bufs[0].byteOffset, rb, rb + (C[C_STARTS + B + 1 + b] as number), at);
  }
}

/** The batch argument of a round (any other argument is a step's task count). */
export const ROUND = -1;
