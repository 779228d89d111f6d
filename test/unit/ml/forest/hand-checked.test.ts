import { describe, expect, it } from 'vitest';

import { extraTreesLearner, rfLearner } from '../../../../src/ml/forest/index.js';
import type { ForestParamsInput, ForestModel } from '../../../../src/ml/forest/index.js';
import type { TrainingTarget } from '../../../../src/ml/learner.js';
import { featureMatrix, matrixFromRows } from '../../../../src/ml/matrix.js';
import type { FeatureMatrix } from '../../../../src/ml/matrix.js';

const ctx = { seed: 3, threads: 1 };
/** One tree on the whole data trying every feature: plain CART, every choice hand-checkable. */
const single: ForestParamsInput = { nEstimators: 1, bootstrap: false, maxFeatures: 1 };

async function fit(X: FeatureMatrix, target: TrainingTarget, params: ForestParamsInput = single): Promise<ForestModel> {
  return (await rfLearner.fit(X, target, rfLearner.params.parse(params), ctx)) as ForestModel;
}

const column = (values: number[]): FeatureMatrix => featureMatrix([Float64Array.from(values)], { names: ['x'] });
const binary = (y: number[]): TrainingTarget => ({ task: 'binary', y: Int32Array.from(y), classes: ['no', 'yes'] });

describe('a single CART tree (no bootstrap, all features) on hand-checkable data', () => {
  it('splits a step function exactly at the midpoint into two pure leaves', async () => {
    const model = await fit(column([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), binary([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]));
    const t = model.data.trees[0];
    expect(Array.from(t?.feature ?? [])).toEqual([0, -1, -1]);
    expect(t?.threshold[0]).toBe(4.5);
    expect(Array.from(t?.values ?? [])).toEqual([0.5, 0.5, 1, 0, 0, 1]);
    // root gini·W = 10·0.5 = 5, children pure: the decrease is 5
    expect(t?.gain[0]).toBeCloseTo(5, 12);
    expect(Array.from(t?.cover ?? [])).toEqual([10, 5, 5]);
    expect(Array.from(model.predict(column([-3, 4.49, 4.5, 100])))).toEqual([0, 0, 1, 1]);
  });

  it('regression leaves hold the mean of their rows', async () => {
    const y = [2, 2, 2, 2.5, 1.5, 7, 7, 8, 6, 7];
    const model = await fit(
      column([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
      { task: 'regression', y: Float64Array.from(y) },
      { ...single, maxDepth: 1 },
    );
    const t = model.data.trees[0];
    expect(t?.threshold[0]).toBe(4.5);
    expect(Array.from(t?.values ?? [])).toEqual([4.5, 2, 7]);
    // SSE(root) − SSE(left) − SSE(right) = (3·6.25 + 4 + 9 + 3·6.25 + 12.25 + 2.25) − 0.5 − 2 = 65 − 2.5
    expect(t?.gain[0]).toBeCloseTo(62.5, 10);
    expect(Array.from(model.predict(column([1, 8])))).toEqual([2, 7]);
  });

  it('picks the gini-best threshold and grows until leaves are pure', async () => {
    // x 0..3 with y 0,0,1,0: cuts at 0.5 / 1.5 / 2.5 decrease W·gini by 1/6, 1/2, 1/6 → 1.5 wins;
    // the right node {2 → 1, 3 → 0} then splits at 2.5 (decrease 1)
    const model = await fit(column([0, 1, 2, 3]), binary([0, 0, 1, 0]));
    const t = model.data.trees[0];
    expect(Array.from(t?.feature ?? [])).toEqual([0, -1, 0, -1, -1]);
    expect(Array.from(t?.threshold ?? [])).toEqual([1.5, 0, 2.5, 0, 0]);
    expect(t?.gain[0]).toBeCloseTo(0.5, 12);
    expect(t?.gain[2]).toBeCloseTo(1, 12);
    expect(Array.from(model.predict(column([0, 1, 2, 3])))).toEqual([0, 0, 1, 0]);
  });

  it('entropy criterion measures the decrease in bits', async () => {
    const model = await fit(column([0, 1, 2, 3]), binary([0, 0, 1, 1]), { ...single, criterion: 'entropy' });
    // root entropy 1 bit × 4 rows, pure children: decrease 4
    expect(model.data.trees[0]?.gain[0]).toBeCloseTo(4, 12);
  });

  it('minSamplesLeaf and maxDepth bound the tree', async () => {
    const x = column([0, 1, 2, 3, 4, 5]);
    const y = binary([0, 1, 0, 1, 1, 1]);
    const leafy = await fit(x, y, { ...single, minSamplesLeaf: 3 });
    expect(Array.from(leafy.data.trees[0]?.feature ?? [])).toEqual([0, -1, -1]);
    expect(leafy.data.trees[0]?.threshold[0]).toBe(2.5);
    const stump = await fit(x, y, { ...single, maxDepth: 1 });
    expect(stump.data.trees[0]?.feature.length).toBe(3);
  });

  it('sample weights move the split and the leaf distributions', async () => {
    const x = column([0, 1, 2, 3]);
    const unweighted = await fit(x, binary([0, 1, 1, 1]), { ...single, maxDepth: 1 });
    expect(Array.from(unweighted.data.trees[0]?.values ?? []).slice(0, 2)).toEqual([0.25, 0.75]);
    const weighted = await fit(x, { ...binary([0, 1, 1, 1]), weights: Float64Array.from([3, 1, 1, 1]) }, { ...single, maxDepth: 1 });
    expect(Array.from(weighted.data.trees[0]?.values ?? []).slice(0, 2)).toEqual([0.5, 0.5]);
    // balanced class weights: n / (k · count) = 4/2 and 4/6 → both classes weigh 2
    const balanced = await fit(x, binary([0, 1, 1, 1]), { ...single, maxDepth: 1, classWeight: 'balanced' });
    expect(balanced.data.trees[0]?.values[0]).toBeCloseTo(0.5, 12);
  });

  it('learns where missing values go and sends unseen missing values to the heavier child', async () => {
    // missing values behave like the low group: the learned default direction is left
    const holey = await fit(column([1, 2, NaN, 8, 9, 10]), binary([0, 0, 0, 1, 1, 1]));
    const t = holey.data.trees[0];
    expect(t?.threshold[0]).toBe(5);
    expect(t?.defaultLeft[0]).toBe(1);
    expect(Array.from(holey.predict(column([NaN, 3, 7])))).toEqual([0, 0, 1]);
    // present vs missing is a split of its own (threshold +∞, missing right)
    const missingClass = await fit(column([1, 2, 3, NaN, NaN, NaN]), binary([0, 0, 0, 1, 1, 1]));
    expect(missingClass.data.trees[0]?.threshold[0]).toBe(Infinity);
    expect(Array.from(missingClass.predict(column([NaN, 2])))).toEqual([1, 0]);
    // no missing values at training: 3 rows left vs 2 right → NaN goes left
    const clean = await fit(column([1, 2, 3, 8, 9]), binary([0, 0, 0, 1, 1]));
    expect(Array.from(clean.predict(column([NaN])))).toEqual([0]);
  });

  it('splits categorical codes as a set, whatever their numeric order', async () => {
    const X = featureMatrix([Float64Array.from([0, 1, 2, 3, 0, 1, 2, 3])], { names: ['c'], categorical: [true] });
    const model = await fit(X, binary([0, 1, 0, 1, 0, 1, 0, 1]));
    const t = model.data.trees[0];
    expect(Array.from(t?.feature ?? [])).toEqual([0, -1, -1]);
    expect(t?.catStart[0]).toBe(0);
    // codes ordered by P(yes): 0, 2 (0) then 1, 3 (1) → {0, 2} go left
    expect(t?.catBits[0]).toBe(0b0101);
    const query = featureMatrix([Float64Array.from([0, 1, 2, 3, 9, NaN])], { names: ['c'], categorical: [true] });
    // an unseen code (9) goes right like every code not in the left set
    expect(Array.from(model.predict(query)).slice(0, 5)).toEqual([0, 1, 0, 1, 1]);
  });

  it('importance is the normalised impurity decrease; a constant feature gets none', async () => {
    const X = matrixFromRows([
      [0, 5, 1],
      [1, 5, 0],
      [2, 5, 1],
      [3, 5, 0],
    ]);
    const model = await fit(X, binary([0, 0, 1, 1]));
    expect(Array.from(model.featureImportance())).toEqual([1, 0, 0]);
    expect(Array.from(model.featureImportance('split'))).toEqual([1, 0, 0]);
  });
});

describe('forest behaviour', () => {
  it('fully grown trees without bootstrap fit distinct training rows exactly', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => [Math.sin(i * 1.7), Math.cos(i * 0.3), (i * 7) % 11]);
    const X = matrixFromRows(rows);
    const y = Int32Array.from(rows, (r) => ((r[0] as number) * (r[1] as number) > 0 ? 1 : 0));
    const model = await fit(X, { task: 'binary', y, classes: ['a', 'b'] }, { nEstimators: 5, bootstrap: false });
    expect(Array.from(model.predict(X))).toEqual(Array.from(y));
  });

  it('averages the trees’ leaf vectors (soft voting)', async () => {
    const X = column([0, 1, 2, 3, 4, 5, 6, 7]);
    const target = binary([0, 0, 1, 0, 1, 1, 0, 1]);
    const model = await fit(X, target, { nEstimators: 6, maxDepth: 2 });
    const q = column([0.5, 3.2, 6.9]);
    const proba = model.predictProba(q);
    for (let i = 0; i < q.rows; i++) {
      let s = 0;
      for (const t of model.data.trees) {
        let nd = 0;
        while ((t.feature[nd] as number) >= 0)
          nd =
            ((q.columns[0] as Float64Array)[i] as number) < (t.threshold[nd] as number) ? (t.left[nd] as number) : (t.right[nd] as number);
        s += t.values[nd * 2 + 1] as number;
      }
      expect(proba[i * 2 + 1]).toBeCloseTo(s / 6, 14);
    }
  });

  it('extra-trees draws thresholds inside the node range and differs from rf', async () => {
    const xs = Array.from({ length: 40 }, (_, i) => i);
    const X = column(xs);
    const target: TrainingTarget = { task: 'regression', y: Float64Array.from(xs, (v) => v * v) };
    const et = (await extraTreesLearner.fit(
      X,
      target,
      extraTreesLearner.params.parse({ nEstimators: 3, maxDepth: 1 }),
      ctx,
    )) as ForestModel;
    const rf = await fit(X, target, { ...single, maxDepth: 1 });
    for (const t of et.data.trees) {
      expect(t.threshold[0]).toBeGreaterThan(0);
      expect(t.threshold[0]).toBeLessThan(39);
    }
    const thresholds = new Set(et.data.trees.map((t) => t.threshold[0]));
    expect(thresholds.size).toBeGreaterThan(1);
    expect(rf.data.params.bootstrap).toBe(false);
    expect(et.data.params.bootstrap).toBe(false);
  });
});
