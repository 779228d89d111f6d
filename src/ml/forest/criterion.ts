import type { ForestCriterion } from './params.js';

/**
 * Node statistics layout, `width` numbers per histogram bin or node:
 * - classification: the weighted count of each of the K classes, then the number of distinct in-bag rows;
 * - regression: weight W, weighted target sum Σwy, then the number of distinct in-bag rows.
 * The row count (last slot) drives `minSamplesLeaf` / `minSamplesSplit`, the weights drive impurity.
 */
export interface StatsLayout {
  readonly classification: boolean;
  /** Classes (classification) or 1 (regression): the length of a node's output vector. */
  readonly outputs: number;
  /** Numbers per bin / node. */
  readonly width: number;
  /** Index of the row count within a bin. */
  readonly countAt: number;
}

/** The stats layout of a task with `classes` classes (0 for regression). */
export function statsLayout(classes: number): StatsLayout {
  return classes > 0
    ? { classification: true, outputs: classes, width: classes + 1, countAt: classes }
    : { classification: false, outputs: 1, width: 3, countAt: 2 };
}

/** Total weight of the stats at `s[o ..]`. */
export function statsWeight(layout: StatsLayout, s: Float64Array, o: number): number {
  if (!layout.classification) return s[o] as number;
  let w = 0;
  for (let c = 0; c < layout.outputs; c++) w += s[o + c] as number;
  return w;
}

const LN2 = Math.LN2;

/**
 * `−W·impurity(node)` up to a term that is the same for a node and the union of its children, from the stats at
 * `s[o ..]`: gini `Σc²/W − W`; entropy (log₂, as sklearn) `Σ c·log₂ c − W·log₂ W`; squared error `(Σwy)²/W`
 * (the Σwy² term cancels between a parent and its children). So the weighted impurity decrease of a split is
 * `part(L) + part(R) − part(parent)`.
 */
export function impurityPart(criterion: ForestCriterion, layout: StatsLayout, s: Float64Array, o: number): number {
  if (criterion === 'squared-error') {
    const w = s[o] as number;
    const sy = s[o + 1] as number;
    return w > 0 ? (sy * sy) / w : 0;
  }
  const k = layout.outputs;
  let w = 0;
  let acc = 0;
  if (criterion === 'gini') {
    for (let c = 0; c < k; c++) {
      const v = s[o + c] as number;
      w += v;
      acc += v * v;
    }
    return w > 0 ? acc / w - w : 0;
  }
  for (let c = 0; c < k; c++) {
    const v = s[o + c] as number;
    w += v;
    if (v > 0) acc += v * Math.log(v);
  }
  return w > 0 ? (acc - w * Math.log(w)) / LN2 : 0;
}

/**
 * Weighted impurity `W·impurity` of a node from its stats (and `sumSq` = Σwy² for regression): the quantity
 * whose decrease is a split's gain and whose sum over splits makes sklearn's impurity importance.
 */
export function weightedImpurity(criterion: ForestCriterion, layout: StatsLayout, s: Float64Array, o: number, sumSq: number): number {
  if (criterion === 'squared-error') {
    const v = sumSq - impurityPart(criterion, layout, s, o);
    return v > 0 ? v : 0;
  }
  const v = -impurityPart(criterion, layout, s, o);
  return v > 0 ? v : 0;
}
