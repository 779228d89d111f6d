import { describe, expect, it } from 'vitest';

import { Rng } from '../../../../src/ml/gbdt/rng.js';
import { BinValues } from '../../../../src/ml/forest/bin-values.js';
import { statsLayout } from '../../../../src/ml/forest/criterion.js';
import { binOf, computeBinMapper } from '../../../../src/ml/gbdt/binning.js';
import { extraTreesLearner, rfLearner } from '../../../../src/ml/forest/index.js';
import type { ForestModel } from '../../../../src/ml/forest/index.js';
import { NodeHistogram } from '../../../../src/ml/forest/node-histogram.js';
import { featureMatrix } from '../../../../src/ml/matrix.js';

/**
 * The split search walks only a node's non-empty bins and extra trees skip the histogram; these tests hold both
 * to a brute-force reference written from the definitions (every threshold between neighbouring distinct values,
 * missing values sent either way, the weighted impurity decrease computed from scratch).
 */

describe('node histogram', () => {
  it('lists the non-empty value bins in ascending order, sums their stats and clears to zero', () => {
    const rng = new Rng(7);
    const layout = statsLayout(0);
    const h = new NodeHistogram(layout);
    for (const [rows, spread] of [
      [5, 255],
      [40, 255],
      [300, 30],
      [300, 255],
    ] as const) {
      const nv = spread;
      const bins = Uint8Array.from({ length: rows }, () => (rng.nextFloat() < 0.1 ? nv : rng.nextInt(spread)));
      const w = Float64Array.from({ length: rows }, () => 1 + rng.nextInt(3));
      const y = Float64Array.from(w, () => rng.nextFloat() - 0.5);
      const idx = Uint32Array.from({ length: rows }, (_, i) => i);
      const nonEmpty = h.build(bins, 0, nv, idx, 0, rows, w, y, null);
      const distinct = [...new Set(bins)].filter((b) => b !== nv).sort((a, b) => a - b);
      expect([...h.list.subarray(0, h.count)]).toEqual(distinct);
      expect(nonEmpty).toBe(distinct.length + (bins.includes(nv) ? 1 : 0));
      for (const b of [...distinct, nv]) {
        let sw = 0;
        let sy = 0;
        let c = 0;
        bins.forEach((x, i) => {
          if (x !== b) return;
          sw += w[i] as number;
          sy += (w[i] as number) * (y[i] as number);
          c++;
        });
        expect(h.hist[b * 3]).toBeCloseTo(sw, 12);
        expect(h.hist[b * 3 + 1]).toBeCloseTo(sy, 12);
        expect(h.hist[b * 3 + 2]).toBe(c);
      }
      h.clear();
      expect(h.hist.every((v) => v === 0)).toBe(true);
    }
  });
});

describe('bin values', () => {
  it('knows which features have one value per bin and finds a node’s extreme value in a bin', () => {
    const rng = new Rng(5);
    const n = 2000;
    // few distinct values (one per bin), many distinct values (shared bins), and missing values
    const few = Float64Array.from({ length: n }, () => rng.nextInt(30) * 1.5);
    const many = Float64Array.from({ length: n }, () => (rng.nextFloat() < 0.05 ? NaN : rng.nextFloat() * 100));
    const X = featureMatrix([few, many]);
    const mapper = computeBinMapper(X, 256);
    const bins = new Uint8Array(2 * n);
    for (let j = 0; j < 2; j++) for (let i = 0; i < n; i++) bins[j * n + i] = binOf(mapper, j, X.columns[j]?.[i] as number);
    const bv = new BinValues(mapper, bins, X.columns, n);
    expect([...bv.exact]).toEqual([1, 0]);
    const idx = Uint32Array.from({ length: 300 }, () => rng.nextInt(n));
    for (const [f, col] of [
      [0, few],
      [1, many],
    ] as const) {
      const inNode = [...idx].filter((r) => !Number.isNaN(col[r] as number));
      for (const b of new Set(inNode.map((r) => bins[f * n + r] as number))) {
        const values = inNode.filter((r) => bins[f * n + r] === b).map((r) => col[r] as number);
        expect(bv.lowest(f, b, bins, f * n, col, idx, 0, idx.length)).toBe(Math.min(...values));
        expect(bv.highest(f, b, bins, f * n, col, idx, 0, idx.length)).toBe(Math.max(...values));
      }
    }
  });
});

/** Best root split by exhaustive search: squared-error decrease Σ over children of (Σy)²/n minus the parent's. */
function bestRegressionSplit(cols: Float64Array[], y: Float64Array): { feature: number; gain: number } {
  const n = y.length;
  const part = (rows: readonly number[]): number => {
    if (rows.length === 0) return NaN;
    const s = rows.reduce((a, r) => a + (y[r] as number), 0);
    return (s * s) / rows.length;
  };
  const all = Array.from({ length: n }, (_, i) => i);
  const parent = part(all);
  let best = { feature: -1, gain: -Infinity };
  cols.forEach((col, f) => {
    const values = [...new Set([...col].filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
    const missing = all.filter((r) => Number.isNaN(col[r] as number));
    for (let k = 0; k < values.length; k++) {
      const left = all.filter((r) => (col[r] as number) <= (values[k] as number));
      const right = all.filter((r) => (col[r] as number) > (values[k] as number));
      for (const [l, r] of [
        [left, [...right, ...missing]],
        [[...left, ...missing], right],
      ] as const) {
        if (l.length === 0 || r.length === 0) continue;
        const g = part(l) + part(r) - parent;
        if (g > best.gain + 1e-9) best = { feature: f, gain: g };
      }
    }
  });
  return best;
}

describe('root split against an exhaustive search', () => {
  it('rf (no bootstrap, all features) finds the best squared-error split, missing values included', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = new Rng(seed);
      const n = 120;
      // few distinct values per feature (≤ 254, so every boundary is a bin boundary), some missing
      const cols = [40, 7, 200].map((k) =>
        Float64Array.from({ length: n }, () => (rng.nextFloat() < 0.15 ? NaN : rng.nextInt(k) * 0.5 - 3)),
      );
      const y = Float64Array.from({ length: n }, (_, i) => {
        const a = cols[0]?.[i] as number;
        const b = cols[1]?.[i] as number;
        return (Number.isNaN(a) ? 2 : a > 4 ? 5 : 0) + (Number.isNaN(b) ? 0 : b) + rng.nextFloat();
      });
      const X = featureMatrix(cols);
      const model = (await rfLearner.fit(
        X,
        { task: 'regression', y },
        rfLearner.params.parse({ nEstimators: 1, bootstrap: false, maxFeatures: 1, maxDepth: 1 }),
        { seed, threads: 1 },
      )) as ForestModel;
      const tree = model.data.trees[0];
      const ref = bestRegressionSplit(cols, y);
      expect(tree?.feature[0]).toBe(ref.feature);
      // the tree's gain is W·impurity decrease; for unit weights that is the reference's decrease
      expect(tree?.gain[0]).toBeCloseTo(ref.gain, 6);
    }
  });

  it('extra trees split each feature at a threshold inside the node range and keep the best of those', async () => {
    const rng = new Rng(11);
    const n = 200;
    const cols = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => (rng.nextFloat() < 0.1 ? NaN : rng.nextFloat() * 10)));
    const y = Float64Array.from({ length: n }, (_, i) => ((cols[2]?.[i] as number) > 5 ? 10 : 0) + rng.nextFloat());
    const model = (await extraTreesLearner.fit(
      featureMatrix(cols),
      { task: 'regression', y },
      extraTreesLearner.params.parse({ nEstimators: 20, maxDepth: 1 }),
      { seed: 3, threads: 1 },
    )) as ForestModel;
    for (const tree of model.data.trees) {
      const f = tree.feature[0] as number;
      const col = cols[f] as Float64Array;
      const t = tree.threshold[0] as number;
      const values = [...col].filter((v) => !Number.isNaN(v));
      expect(t).toBeGreaterThan(Math.min(...values));
      expect(t).toBeLessThanOrEqual(Math.max(...values));
      // the gain recorded is the true squared-error decrease of the partition the tree makes
      const goLeft = (r: number): boolean => (Number.isNaN(col[r] as number) ? tree.defaultLeft[0] === 1 : (col[r] as number) < t);
      const rows = Array.from({ length: n }, (_, i) => i);
      const part = (rs: number[]): number => rs.reduce((a, r) => a + (y[r] as number), 0) ** 2 / rs.length;
      const gain = part(rows.filter(goLeft)) + part(rows.filter((r) => !goLeft(r))) - part(rows);
      expect(tree.gain[0]).toBeCloseTo(gain, 6);
    }
  });
  it.each([
    { name: 'many values per bin, missing values, unit weights', distinct: 0, missing: 0.1, weighted: false },
    { name: 'many values per bin, no missing values, row weights', distinct: 0, missing: 0, weighted: true },
    { name: 'one value per bin, no missing values, unit weights', distinct: 40, missing: 0, weighted: false },
    { name: 'one value per bin, missing values, row weights', distinct: 12, missing: 0.15, weighted: true },
  ])('extra trees: every node’s cut lies in its value range and records the weighted gain of its partition ($name)', async (c) => {
    const rng = new Rng(c.distinct + (c.weighted ? 100 : 0) + (c.missing > 0 ? 1000 : 0));
    const n = 700;
    const value = (): number =>
      rng.nextFloat() < c.missing ? NaN : c.distinct > 0 ? rng.nextInt(c.distinct) * 0.25 : rng.nextFloat() * 10;
    const cols = [0, 1, 2].map(() => Float64Array.from({ length: n }, value));
    const y = Float64Array.from(
      { length: n },
      (_, i) => ((cols[0]?.[i] as number) > 1 ? 3 : 0) + ((cols[1]?.[i] as number) || 0) / 2 + rng.nextFloat(),
    );
    const w = c.weighted ? Float64Array.from({ length: n }, () => rng.nextInt(4)) : undefined;
    const model = (await extraTreesLearner.fit(
      featureMatrix(cols),
      { task: 'regression', y, ...(w === undefined ? {} : { weights: w }) },
      extraTreesLearner.params.parse({ nEstimators: 3, maxDepth: 6 }),
      { seed: 5, threads: 1 },
    )) as ForestModel;
    const weight = (r: number): number => (w === undefined ? 1 : (w[r] as number));
    const part = (rs: number[]): number => {
      const sw = rs.reduce((a, r) => a + weight(r), 0);
      return rs.reduce((a, r) => a + weight(r) * (y[r] as number), 0) ** 2 / sw;
    };
    let checked = 0;
    for (const tree of model.data.trees) {
      // walk the tree with the in-bag rows (positive weight: extra trees use every row, no bootstrap)
      const visit = (node: number, rows: number[]): void => {
        const f = tree.feature[node] as number;
        if (f < 0) return;
        const col = cols[f] as Float64Array;
        const t = tree.threshold[node] as number;
        const values = rows.map((r) => col[r] as number).filter((v) => !Number.isNaN(v));
        if (t === Infinity) {
          // values against missing values (the node's values share one bin): some must be missing
          expect(values.length).toBeLessThan(rows.length);
        } else {
          expect(t).toBeGreaterThan(Math.min(...values));
          expect(t).toBeLessThanOrEqual(Math.max(...values));
        }
        const goLeft = (r: number): boolean => (Number.isNaN(col[r] as number) ? tree.defaultLeft[node] === 1 : (col[r] as number) < t);
        const left = rows.filter(goLeft);
        const right = rows.filter((r) => !goLeft(r));
        expect(tree.gain[node]).toBeCloseTo(part(left) + part(right) - part(rows), 6);
        checked++;
        visit(tree.left[node] as number, left);
        visit(tree.right[node] as number, right);
      };
      visit(
        0,
        Array.from({ length: n }, (_, i) => i).filter((r) => weight(r) > 0),
      );
    }
    expect(checked).toBeGreaterThan(50);
  });
});
