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
 * loop) and N threads (taking blocks in any order) give bit-identical sums. The sources below are plain text made
 * from constants; they run on the calling thread and in the workers (threads.ts).
 */

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

/**
 * Source of `runStep(T, R, count, b, B, cols, n, bufs, flags, slots, gh, K, arena, histLen)`: block b of tasks
 * 0..count-1 — the partition of the node's range, then the chosen child's histogram into arena slot
 * `t * B + b` (zeroed first). `K` is the training kernels' exports (wasm-kernel.ts), called with byte addresses.
 */
export const STEP_SOURCE = `
for (let t = 0; t < count; t++) {
  const o = t * ${TASK_FIELDS};
  const buf = T[o + ${T_BUF}], build = T[o + ${T_BUILD}];
  const ro = (t * B + b) * ${RANGE_FIELDS};
  const begin = R[ro], end = R[ro + 1];
  const dst = bufs[buf === 1 ? 0 : 1];
  const column = cols.byteOffset + T[o + ${T_FEATURE}] * n, fl = flags.byteOffset + T[o + ${T_FLAGS}];
  const mid = buf === ${IDENTITY}
    ? K.partitionSeq(column, 0, dst.byteOffset, fl, begin, end)
    : K.partition(column, bufs[buf].byteOffset, dst.byteOffset, fl, begin, end);
  R[ro + 2] = mid;
  if (build >= 0) {
    const s = t * B + b;
    arena.fill(0, s * histLen, (s + 1) * histLen);
    const at = arena.byteOffset + 8 * s * histLen;
    if (build === 0) K.hist(slots.byteOffset, gh.byteOffset, dst.byteOffset, begin, mid, at);
    else K.hist(slots.byteOffset, gh.byteOffset, dst.byteOffset, mid, end, at);
  }
}
`;

export const STEP_PARAMS = ['T', 'R', 'count', 'b', 'B', 'cols', 'n', 'bufs', 'flags', 'slots', 'gh', 'K', 'arena', 'histLen'] as const;

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
 * Source of `runRound(C, E, ER, V, EF, b, B, cols, n, k, bufs, raw, y, w, gh, grad, slots, K, arena, histLen)` for
 * block b: (1) entry e adds `V[2e]` (a leaf's value, a deferred split's left leaf) or `V[2e + 1]` (its
 * right leaf) to output column c of the raw scores of its rows `ER[(e * B + b) * 2 ..]` (the kernels' apply);
 * (2) the gradients of the block's rows; (3) the histogram of the next root's rows in the block into arena slot b.
 */
export const ROUND_SOURCE = `
const entries = C[${C_ENTRIES}], rc = raw.byteOffset + 8 * C[${C_COLUMN}], stride = 8 * k;
for (let e = 0; e < entries; e++) {
  const o = e * ${ENTRY_FIELDS}, ro = (e * B + b) * 2;
  const begin = ER[ro], end = ER[ro + 1], buf = E[o + ${E_BUF}];
  const ident = buf === ${IDENTITY}, idx = ident ? 0 : bufs[buf].byteOffset;
  if (E[o + ${E_TYPE}] === 0) {
    if (ident) K.applyLeafSeq(rc, stride, 0, begin, end, V[2 * e]);
    else K.applyLeaf(rc, stride, idx, begin, end, V[2 * e]);
  } else {
    const column = cols.byteOffset + E[o + ${E_FEATURE}] * n, fl = EF.byteOffset + E[o + ${E_FLAGS}];
    if (ident) K.applyDeferredSeq(rc, stride, 0, column, fl, begin, end, V[2 * e], V[2 * e + 1]);
    else K.applyDeferred(rc, stride, idx, column, fl, begin, end, V[2 * e], V[2 * e + 1]);
  }
}
const rb = C[${C_STARTS} + b], re = C[${C_STARTS} + b + 1];
if (C[${C_GRADIENTS}] === 1) grad(raw, y, w, rb, re, gh);
const mode = C[${C_ROOT}];
if (mode !== ${ROOT_NONE}) {
  arena.fill(0, b * histLen, (b + 1) * histLen);
  const at = arena.byteOffset + 8 * b * histLen;
  if (mode === ${ROOT_ALL}) K.histSeq(slots.byteOffset, gh.byteOffset, 0, rb, re, at);
  else K.hist(slots.byteOffset, gh.byteOffset, bufs[0].byteOffset, rb, rb + C[${C_STARTS} + B + 1 + b], at);
}
`;

export const ROUND_PARAMS = ['C', 'E', 'ER', 'V', 'EF', 'b', 'B', 'cols', 'n', 'k', 'bufs', 'raw', 'y', 'w', 'gh', 'grad', 'slots', 'K', 'arena', 'histLen'] as const;

/** Parameter names of an objective's range gradient source (`Objective.rangeGradientSource`). */
export const GRAD_PARAMS = ['raw', 'y', 'w', 'begin', 'end', 'gh'] as const;
