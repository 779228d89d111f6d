import type { GbdtTree } from '../gbdt/tree.js';

/**
 * One forest tree: the gbdt node layout ({@link GbdtTree}: flat typed arrays, node 0 the root, depth-first
 * pre-order; internal node i sends a row left when `x[feature[i]] < threshold[i]`, or for categorical splits
 * when the code's bit is set in `catBits[catStart[i] ..]`; NaN follows `defaultLeft[i]`; leaves have
 * `feature[i] = -1`), plus the output vectors of every node:
 *
 * - `values`: row-major `nodes × nOutputs`. Regression: nOutputs = 1, the weighted mean target of the node's
 *   in-bag rows. Classification: nOutputs = number of classes, the node's weighted class distribution
 *   (sums to 1; class weights and bootstrap counts included, as in sklearn). Filled for internal nodes too
 *   (TreeSHAP needs them).
 * - `value` (the gbdt field): the last output of each node — the mean for regression, P(class 1) for binary
 *   classification, P(last class) for multiclass — so single-output consumers of the gbdt layout still work.
 * - `gain`: weighted impurity decrease of the split (W·imp(node) − W_L·imp(left) − W_R·imp(right)), 0 at leaves.
 * - `cover`: weighted in-bag sample count of the node.
 *
 * A forest predicts the mean over trees of the leaf vectors (sklearn's soft voting).
 */
export interface ForestTree extends GbdtTree {
  readonly values: Float64Array;
}

/** Leaf reached by row `i` of column-major data `columns` (NaN = missing). */
export function leafOfRow(t: GbdtTree, columns: readonly Float64Array[], i: number): number {
  const feature = t.feature;
  let nd = 0;
  let f = feature[0] as number;
  while (f >= 0) {
    const v = (columns[f] as Float64Array)[i] as number;
    let goLeft: boolean;
    if (v !== v) goLeft = t.defaultLeft[nd] === 1;
    else if ((t.catStart[nd] as number) < 0) goLeft = v < (t.threshold[nd] as number);
    else {
      const word = v >>> 5;
      goLeft =
        v >= 0 && word < (t.catLength[nd] as number) && (((t.catBits[(t.catStart[nd] as number) + word] as number) >>> (v & 31)) & 1) === 1;
    }
    nd = goLeft ? (t.left[nd] as number) : (t.right[nd] as number);
    f = feature[nd] as number;
  }
  return nd;
}

/** Number of leaves of a tree. */
export function leafCount(t: GbdtTree): number {
  let n = 0;
  for (let i = 0; i < t.feature.length; i++) if ((t.feature[i] as number) < 0) n++;
  return n;
}

/** Depth of a tree (edges from the root to its deepest leaf). */
export function treeDepth(t: GbdtTree): number {
  const depth = new Int32Array(t.feature.length);
  let max = 0;
  // pre-order: a parent comes before its children
  for (let i = 0; i < t.feature.length; i++) {
    if ((t.feature[i] as number) < 0) continue;
    const d = (depth[i] as number) + 1;
    depth[t.left[i] as number] = d;
    depth[t.right[i] as number] = d;
    if (d > max) max = d;
  }
  return max;
}
