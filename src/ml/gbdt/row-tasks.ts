/**
 * Per-row work of a boosting round that the worker threads share (threads.ts): adding a new tree's leaf values to
 * the training raw scores and computing the next gradients. Every row is written by exactly one piece and each
 * piece does the serial arithmetic of train.ts / objectives.ts, so results do not depend on the thread count.
 * The sources below run both on the calling thread and in the workers.
 */

/** Rows per piece (finer than a node, so the threads stay balanced). */
export const ROW_CHUNK = 8192;

/** Int32 fields per apply piece. */
export const APPLY_FIELDS = 9;
/** Field offsets: 0 = add one value to every row (a leaf's range), 1 = route rows by a deferred split's bin. */
export const A_TYPE = 0;
export const A_BUF = 1;
export const A_BEGIN = 2;
export const A_END = 3;
export const A_FEATURE = 4;
/** Numeric split: rows with local bin ≤ this go left. */
export const A_LAST = 5;
export const A_MISSING = 6;
export const A_MISS_LEFT = 7;
/** Offset of the deferred split's per-bin left flags (local bins 0..missing) in the flag arena. */
export const A_CAT = 8;

/**
 * Source of `runApply(A, V, p, cols, n, bufs, flags, raw)`: piece `p` adds `V[2p]` (a leaf's value, or a deferred
 * split's left leaf) or `V[2p + 1]` (its right leaf) to `raw[r]` for the rows `r` of its index range (one output).
 */
export const APPLY_SOURCE = `
const b = p * ${APPLY_FIELDS};
const begin = A[b + ${A_BEGIN}], end = A[b + ${A_END}];
const idx = bufs[A[b + ${A_BUF}]];
const vl = V[2 * p], vr = V[2 * p + 1];
if (A[b + ${A_TYPE}] === 0) {
  for (let i = begin; i < end; i++) {
    const r = idx[i];
    raw[r] = raw[r] + vl;
  }
} else {
  const co = A[b + ${A_FEATURE}] * n, cat = A[b + ${A_CAT}];
  let i = begin;
  for (; i + 1 < end; i += 2) {
    const r0 = idx[i], r1 = idx[i + 1];
    const v0 = flags[cat + cols[co + r0]] === 1 ? vl : vr;
    const v1 = flags[cat + cols[co + r1]] === 1 ? vl : vr;
    raw[r0] = raw[r0] + v0;
    raw[r1] = raw[r1] + v1;
  }
  if (i < end) {
    const r = idx[i];
    raw[r] = raw[r] + (flags[cat + cols[co + r]] === 1 ? vl : vr);
  }
}
`;

/** Parameter names of the apply function, in order. */
export const APPLY_PARAMS = ['A', 'V', 'p', 'cols', 'n', 'bufs', 'flags', 'raw'] as const;

/** Parameter names of an objective's range gradient source (`Objective.rangeGradientSource`). */
export const GRAD_PARAMS = ['raw', 'y', 'w', 'begin', 'end', 'gh'] as const;
