/**
 * One regression tree as flat typed arrays (node 0 is the root, nodes in depth-first pre-order).
 * Internal node i: rows go left when `x[feature[i]] < threshold[i]` (numeric) or when the category code's bit is
 * set in `catBits[catStart[i] ..]` (categorical); missing values (NaN) follow `defaultLeft[i]`. Leaves have
 * `feature[i] = -1` and output `value[i]`.
 */
export interface GbdtTree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly defaultLeft: Uint8Array;
  /** Leaf output (learning rate applied); for internal nodes the weight the node would have as a leaf. */
  readonly value: Float64Array;
  /** Loss reduction of the split (0 for leaves). */
  readonly gain: Float64Array;
  /** Hessian sum of the training rows reaching the node. */
  readonly cover: Float64Array;
  /** Categorical split: first word in `catBits`, -1 for numeric splits and leaves. */
  readonly catStart: Int32Array;
  /** Categorical split: number of 32-bit words. */
  readonly catLength: Int32Array;
  readonly catBits: Uint32Array;
}

/** Number of nodes of a tree. */
export function treeSize(t: GbdtTree): number {
  return t.feature.length;
}

/** Whether category code `c` goes left at categorical node `i`. */
export function categoryGoesLeft(t: GbdtTree, i: number, c: number): boolean {
  const start = t.catStart[i] as number;
  const word = c >>> 5;
  if (c < 0 || word >= (t.catLength[i] as number)) return false;
  return (((t.catBits[start + word] as number) >>> (c & 31)) & 1) === 1;
}

/** Leaf reached by one row (`row[j]` = raw value of feature j). */
export function leafOf(t: GbdtTree, row: ArrayLike<number>): number {
  let nd = 0;
  for (;;) {
    const f = t.feature[nd] as number;
    if (f < 0) return nd;
    const v = row[f] as number;
    if (v !== v) nd = t.defaultLeft[nd] === 1 ? (t.left[nd] as number) : (t.right[nd] as number);
    else if ((t.catStart[nd] as number) >= 0) nd = categoryGoesLeft(t, nd, v) ? (t.left[nd] as number) : (t.right[nd] as number);
    else nd = v < (t.threshold[nd] as number) ? (t.left[nd] as number) : (t.right[nd] as number);
  }
}
