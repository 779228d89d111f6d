import type { GbdtTree } from './gbdt/tree.js';

/**
 * One tree of a tree model, as read-only per-node arrays (the model's own arrays, not copies: never write to
 * them). Node 0 is the root; every array has one entry per node unless said otherwise.
 *
 * Routing a row `x`: at an internal node `i` (`feature[i] ≥ 0`) with value `v = x[feature[i]]`, a missing value
 * (NaN) goes left when `missingLeft[i]` is 1; otherwise a numeric split (`categoryStart[i] < 0`) sends `v <
 * threshold[i]` left; a categorical split sends category code `v` left when bit `v % 32` of word
 * `categoryBits[categoryStart[i] + ⌊v / 32⌋]` is set and that word is one of the node's `categoryWords[i]` words
 * (other codes, negative ones included, go right). A leaf (`feature[i] = -1`) outputs
 * `values[i·width .. (i+1)·width)`.
 */
export interface TreeView {
  /** Split feature; -1 marks a leaf. */
  readonly feature: ArrayLike<number>;
  /** Numeric splits: rows with `x < threshold` go left. */
  readonly threshold: ArrayLike<number>;
  /** Child node ids (-1 at leaves). */
  readonly left: ArrayLike<number>;
  readonly right: ArrayLike<number>;
  /** 1 when a missing value goes left, 0 when it goes right. */
  readonly missingLeft: ArrayLike<number>;
  /** Categorical splits: first word of the node's set in `categoryBits`; -1 for numeric splits and leaves. */
  readonly categoryStart: ArrayLike<number>;
  /** Categorical splits: number of 32-bit words in the node's set. */
  readonly categoryWords: ArrayLike<number>;
  /** All category sets of the tree (one entry per word, not per node). */
  readonly categoryBits: ArrayLike<number>;
  /**
   * Row-major `nodes × width` outputs: at leaves what the tree adds; at internal nodes the output the node would
   * have as a leaf (0 where the source does not record it, e.g. imported models).
   */
  readonly values: ArrayLike<number>;
  /**
   * Training weight that reached the node: the hessian sum (gbdt, XGBoost), the weighted in-bag row count
   * (forests), the row count (LightGBM's `internal_count` / `leaf_count`); 0 where the source does not record it.
   * Path-dependent TreeSHAP weighs children by it.
   */
  readonly cover: ArrayLike<number>;
  /** Loss (gbdt) or impurity (forests) reduction of the split; 0 at leaves. */
  readonly gain: ArrayLike<number>;
}

/**
 * The trees of a tree model and how their outputs make a prediction:
 * `raw[o] = baseScore[o] + agg_t(leaf value of tree t for output o)` where tree t adds its `width` values to
 * outputs `treeOutput[t] .. treeOutput[t] + width - 1` and `agg` sums (`aggregation: 'sum'`) or averages over all
 * trees (`'mean'`); then `link` maps the raw outputs to predictions: `identity`; `exp` (log-link regression,
 * Poisson); `sigmoid` (binary classification: the one output is the probability of the second class); `softmax`
 * over the outputs (multiclass probabilities).
 */
export interface TreeEnsembleView {
  readonly featureNames: readonly string[];
  readonly trees: readonly TreeView[];
  /** Values per node of every tree: 1 (boosted trees) or the number of outputs (forests: class distributions). */
  readonly width: number;
  readonly treeOutput: ArrayLike<number>;
  /** Raw outputs per row: 1, or the number of classes for multiclass (and forest classification). */
  readonly numOutputs: number;
  /** Initial raw score per output. */
  readonly baseScore: ArrayLike<number>;
  readonly aggregation: 'sum' | 'mean';
  readonly link: 'identity' | 'exp' | 'sigmoid' | 'softmax';
}

/** The view of a tree in the gbdt node layout whose node outputs are `values` (`width` per node). */
export function treeViewOf(t: GbdtTree, values: ArrayLike<number>): TreeView {
  return {
    feature: t.feature,
    threshold: t.threshold,
    left: t.left,
    right: t.right,
    missingLeft: t.defaultLeft,
    categoryStart: t.catStart,
    categoryWords: t.catLength,
    categoryBits: t.catBits,
    values,
    cover: t.cover,
    gain: t.gain,
  };
}
