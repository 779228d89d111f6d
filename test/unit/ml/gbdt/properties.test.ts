import { describe, expect, it } from 'vitest';
import { featureMatrix } from '../../../../src/ml/matrix.js';
import { deserializeGbdt, leafOf, Rng, serializeGbdt, trainGbdt } from '../../../../src/ml/gbdt/index.js';
import { makeRegression, rmse, sliceRows } from './make-data.js';

const { x, y } = makeRegression(1500, 7);

describe('gbdt training properties', () => {
  it('never increases the squared-error training loss from one round to the next (eta ≤ 1)', () => {
    for (const eta of [0.3, 1]) {
      const m = trainGbdt({ x, y }, { numRounds: 25, maxDepth: 3, learningRate: eta }, { valid: { x, y } });
      const h = Array.from(m.info.validHistory);
      expect(h).toHaveLength(25);
      for (let i = 1; i < h.length; i++) expect(h[i] as number).toBeLessThanOrEqual((h[i - 1] as number) + 1e-12);
    }
  });

  it('decreases the training logloss every round (binary)', () => {
    const yb = y.map((v) => (v > 1 ? 1 : 0));
    const m = trainGbdt(
      { x, y: yb },
      { objective: 'binary-logloss', numRounds: 20, maxDepth: 3, learningRate: 0.3 },
      { valid: { x, y: yb } },
    );
    const h = Array.from(m.info.validHistory);
    for (let i = 1; i < h.length; i++) expect(h[i] as number).toBeLessThan(h[i - 1] as number);
  });

  it('keeps a monotone-increasing constraint on a grid', () => {
    // x0 enters through sin(): unconstrained trees are far from monotone in it
    const m = trainGbdt({ x, y }, { numRounds: 40, maxDepth: 4, learningRate: 0.3, monotone: [1, 0, 0, 0] });
    const free = trainGbdt({ x, y }, { numRounds: 40, maxDepth: 4, learningRate: 0.3 });
    let freeViolations = 0;
    for (const x1 of [-1, 0.5, NaN]) {
      for (const x3 of [0, 4]) {
        let prev = -Infinity;
        let prevFree = -Infinity;
        for (let g = -3; g <= 3; g += 0.05) {
          const p = m.predictRow([g, x1, 1, x3]);
          expect(p).toBeGreaterThanOrEqual(prev);
          prev = p;
          const q = free.predictRow([g, x1, 1, x3]);
          if (q < prevFree) freeViolations++;
          prevFree = q;
        }
      }
    }
    expect(freeViolations).toBeGreaterThan(0);
  });

  it('keeps a monotone-decreasing constraint with lossguide growth', () => {
    const m = trainGbdt({ x, y }, { numRounds: 30, growPolicy: 'lossguide', numLeaves: 12, maxDepth: 0, monotone: [0, 0, -1, 0] });
    let prev = Infinity;
    for (let g = 0; g <= 6; g += 0.05) {
      const p = m.predictRow([1, 0.2, g, 2]);
      expect(p).toBeLessThanOrEqual(prev);
      prev = p;
    }
  });

  it('limits leaves per tree with lossguide growth', () => {
    const m = trainGbdt({ x, y }, { numRounds: 5, growPolicy: 'lossguide', numLeaves: 7, maxDepth: 0 });
    for (const t of m.trees) expect(Array.from(t.feature).filter((f) => f < 0).length).toBeLessThanOrEqual(7);
    expect(m.trees.some((t) => Array.from(t.feature).filter((f) => f < 0).length === 7)).toBe(true);
  });

  it('is deterministic: same data, params and seed give identical bytes; another seed differs', () => {
    const params = { numRounds: 15, maxDepth: 4, subsample: 0.7, colsampleByTree: 0.5, seed: 11 };
    const a = serializeGbdt(trainGbdt({ x, y }, params));
    const b = serializeGbdt(trainGbdt({ x, y }, params));
    const c = serializeGbdt(trainGbdt({ x, y }, { ...params, seed: 12 }));
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(c))).not.toBe(0);
  });

  it('gives identical model bytes with 1 and 2 threads', () => {
    // enough rows for several row blocks (blocks.ts), which the threads share
    const big = makeRegression(40_000, 3);
    const params = { numRounds: 8, maxDepth: 5, learningRate: 0.3, subsample: 0.8 };
    const one = serializeGbdt(trainGbdt({ x: big.x, y: big.y }, { ...params, nThreads: 1 }));
    const two = serializeGbdt(trainGbdt({ x: big.x, y: big.y }, { ...params, nThreads: 2 }));
    expect(Buffer.compare(Buffer.from(one), Buffer.from(two))).toBe(0);
  });

  it('gives identical model bytes with 1 and 3 threads for categorical features, binary loss and lossguide growth', () => {
    const big = makeRegression(30_000, 8);
    // x3 (codes 0..4) as a categorical feature
    const x = featureMatrix(big.x.columns, { names: big.x.names, categorical: [false, false, false, true] });
    const yb = big.y.map((v) => (v > 1 ? 1 : 0));
    for (const extra of [{ maxDepth: 5 }, { growPolicy: 'lossguide' as const, numLeaves: 20, maxDepth: 0 }]) {
      const params = { objective: 'binary-logloss' as const, numRounds: 6, learningRate: 0.3, colsampleByTree: 0.75, ...extra };
      const one = serializeGbdt(trainGbdt({ x, y: yb }, { ...params, nThreads: 1 }));
      const three = serializeGbdt(trainGbdt({ x, y: yb }, { ...params, nThreads: 3 }));
      expect(Buffer.compare(Buffer.from(one), Buffer.from(three))).toBe(0);
    }
  });

  it('grows the same tree depth-wise (a level split over several steps) as loss-guided without a leaf limit', () => {
    // every splittable node is split in both policies, so the trees agree; with 8 features of 256 bins one step's
    // histogram arena (64 MB) holds 64 MB / (4 blocks × 4,110 slots × 2 × 8 bytes) = 255 tasks, and levels 9-11
    // have more nodes to split
    const big = makeRegression(40_000, 5, 2);
    const rng = new Rng(8);
    const extra = [0, 1, 2, 3].map(() => Float64Array.from({ length: big.x.rows }, () => rng.nextFloat()));
    const wide = featureMatrix([...big.x.columns, ...extra]);
    const common = { numRounds: 2, maxDepth: 12, learningRate: 0.5, minChildWeight: 1 };
    const depthwise = trainGbdt({ x: wide, y: big.y }, { ...common, growPolicy: 'depthwise' });
    const lossguide = trainGbdt({ x: wide, y: big.y }, { ...common, growPolicy: 'lossguide', numLeaves: 65_536 });
    expect(depthwise.trees[0]?.feature.length).toBeGreaterThan(2000);
    for (const [a, b] of depthwise.trees.map((t, i) => [t, lossguide.trees[i]] as const)) {
      expect(Array.from(a.feature)).toEqual(Array.from(b?.feature ?? []));
      expect(Array.from(a.threshold)).toEqual(Array.from(b?.threshold ?? []));
      expect(Array.from(a.value)).toEqual(Array.from(b?.value ?? []));
    }
  });

  it('updates the training scores by every leaf of a tree with more leaves than one round batch applies (1,024)', () => {
    // the second tree's root weight is -eta · Σ g / (n + λ) with g = float32(base + tree1(x) - y): recomputed here
    // from the model's own predictions of tree 1, it checks that all of tree 1's leaves reached the scores
    const big = makeRegression(20_000, 6, 2);
    const m = trainGbdt(
      { x: big.x, y: big.y },
      { numRounds: 2, growPolicy: 'lossguide', numLeaves: 3000, maxDepth: 0, learningRate: 0.5, minChildWeight: 1, lambda: 1 },
    );
    const first = m.trees[0] as (typeof m.trees)[number];
    expect(first.feature.filter((f) => f < 0).length).toBeGreaterThan(1024);
    const base = m.info.baseScore[0] as number;
    const row = new Float64Array(4);
    let g = 0;
    for (let i = 0; i < big.x.rows; i++) {
      for (let j = 0; j < 4; j++) row[j] = (big.x.columns[j] as Float64Array)[i] as number;
      g += Math.fround(base + (first.value[leafOf(first, row)] as number) - (big.y[i] as number));
    }
    const root = (m.trees[1] as (typeof m.trees)[number]).value[0] as number;
    expect(root).toBeCloseTo((-0.5 * g) / (big.x.rows + 1), 9);
  });

  it('predicts in batch and per row exactly as walking each stored tree (missing values, categories, odd block sizes)', () => {
    const data = makeRegression(1037, 12);
    const xc = featureMatrix(data.x.columns, { names: data.x.names, categorical: [false, false, false, true] });
    // without missing values whole blocks take the WebAssembly walk (wasm-predict.ts)
    const complete = featureMatrix(
      data.x.columns.map((c) => c.map((v) => (Number.isNaN(v) ? 0.25 : v))),
      { names: data.x.names },
    );
    const cases = [
      [trainGbdt({ x: data.x, y: data.y }, { numRounds: 12, maxDepth: 5 }), data.x],
      [trainGbdt({ x: xc, y: data.y }, { numRounds: 12, maxDepth: 5 }), data.x],
      [trainGbdt({ x: complete, y: data.y }, { numRounds: 30, maxDepth: 7 }), complete],
    ] as const;
    for (const [m, xs] of cases) {
      const batch = m.predict(xs);
      for (let i = 0; i < xs.rows; i++) {
        const row = xs.columns.map((c) => c[i] as number);
        let ref = m.info.baseScore[0] as number;
        for (const t of m.trees) ref += t.value[leafOf(t, row)] as number;
        expect(batch[i]).toBe(ref);
        expect(m.predictRow(row)).toBe(ref);
      }
    }
  });

  it('predicts rows with ±∞ as walking each stored tree, with leaves at different depths and an odd node count', () => {
    // loss-guided trees of 5 leaves are unbalanced: a row reaching a shallow leaf must stay there whatever its
    // first feature holds (the batch walk steps every tree to its full depth)
    const m = trainGbdt({ x, y }, { numRounds: 5, growPolicy: 'lossguide', numLeaves: 5, maxDepth: 0 });
    expect(m.trees.reduce((s, t) => s + t.feature.length, 0) % 2).toBe(1);
    const k = 40;
    const cols = [0, 1, 2, 3].map((j) =>
      Float64Array.from({ length: k }, (_, i) => ((i + j) % 3 === 0 ? Infinity : (i + j) % 7 === 0 ? -Infinity : (i % 9) - 3 + j)),
    );
    // and the same rows made finite, which take the WebAssembly walk (tables of an odd node count)
    const finite = cols.map((c) => c.map((v) => (Number.isFinite(v) ? v : 1.5)));
    for (const cs of [cols, finite]) {
      const batch = m.predictRaw(featureMatrix(cs, { names: x.names }));
      for (let i = 0; i < k; i++) {
        const row = Float64Array.from(cs, (c) => c[i] as number);
        let ref = m.info.baseScore[0] as number;
        for (const t of m.trees) ref += t.value[leafOf(t, row)] as number;
        expect(batch[i]).toBe(ref);
        expect(m.predictRow(row)).toBe(ref);
      }
    }
  });

  it('predicts a batch on 2 and 3 threads exactly as on one (missing values, +∞, odd row count)', () => {
    const big = makeRegression(20_003, 9);
    const m = trainGbdt({ x: big.x, y: big.y }, { numRounds: 15, maxDepth: 5 });
    const cols = big.x.columns.map((c, j) => c.map((v, i) => (i % 997 === j ? Infinity : v)));
    const xs = featureMatrix(cols, { names: big.x.names });
    const one = m.predictRaw(xs);
    for (const threads of [2, 3]) expect(Buffer.compare(Buffer.from(m.predictRaw(xs, threads).buffer), Buffer.from(one.buffer))).toBe(0);
    // and each row as walking the stored trees
    for (let i = 0; i < xs.rows; i += 331) {
      const row = Float64Array.from(cols, (c) => c[i] as number);
      let ref = m.info.baseScore[0] as number;
      for (const t of m.trees) ref += t.value[leafOf(t, row)] as number;
      expect(one[i]).toBe(ref);
    }
  });

  it("grows every class of a round on all of that round's rows (multiclass, with and without row sampling)", () => {
    // class 0 is separable by x0 alone, so its tree leaves a depth-1 node unsplit (the case that once left a stale
    // row index for the next class). In round 0 every row has the same hessian per class, h_c = 2 p_c (1 - p_c) as
    // float32: a leaf's cover is (rows reaching it) × h_c, and a root's cover is (rows in the sample) × h_c. With a
    // row sample, the root's gradient sum (from its weight) gives the sampled rows of class c; they add up to the
    // sample size only when every class's tree saw the same sample
    const n = 3000;
    const x0 = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % n) / n);
    const x1 = Float64Array.from({ length: n }, (_, i) => ((i * 104729) % 997) / 997);
    const cls = Float64Array.from({ length: n }, (_, i) => ((x0[i] as number) < 0.3 ? 0 : (x1[i] as number) < 0.5 ? 1 : 2));
    const xs = featureMatrix([x0, x1], { names: ['x0', 'x1'] });
    for (const subsample of [1, 0.7]) {
      const m = trainGbdt(
        { x: xs, y: cls },
        { objective: 'multiclass-softmax', numClass: 3, numRounds: 1, maxDepth: 4, subsample, seed: 5, learningRate: 0.5, lambda: 1 },
      );
      const base = Array.from(m.info.baseScore);
      const z = base.reduce((s, v) => s + Math.exp(v - Math.max(...base)), 0);
      const p = base.map((v) => Math.exp(v - Math.max(...base)) / z);
      const h = p.map((pc) => Math.fround(Math.max(2 * pc * (1 - pc), 1e-16)));
      const sampleSizes = m.trees.map((t, c) => (t.cover[0] as number) / (h[c] as number));
      for (const s of sampleSizes) expect(s).toBe(sampleSizes[0]);
      const ns = sampleSizes[0] as number;
      const classRows = m.trees.map((t, c) => {
        const g = (-(t.value[0] as number) / 0.5) * ((t.cover[0] as number) + 1);
        const pc = p[c] as number;
        return (g - ns * Math.fround(pc)) / (Math.fround(pc - 1) - Math.fround(pc));
      });
      for (const r of classRows) expect(Math.abs(r - Math.round(r))).toBeLessThan(1e-6);
      expect(Math.round(classRows.reduce((s, r) => s + r, 0))).toBe(ns);
      if (subsample < 1) continue;
      expect(sampleSizes[0]).toBe(n);
      m.trees.forEach((t, c) => {
        const reach = new Float64Array(t.feature.length);
        for (let i = 0; i < n; i++) {
          const l = leafOf(t, [x0[i] as number, x1[i] as number]);
          reach[l] = (reach[l] as number) + 1;
        }
        for (let l = 0; l < t.feature.length; l++)
          if ((t.feature[l] as number) < 0) expect(t.cover[l]).toBe((reach[l] as number) * (h[c] as number));
      });
    }
  });

  it('round-trips through bytes with bit-identical predictions', () => {
    const m = trainGbdt({ x, y }, { numRounds: 10, maxDepth: 4 });
    const bytes = serializeGbdt(m);
    const back = deserializeGbdt(bytes);
    expect(Buffer.compare(Buffer.from(serializeGbdt(back)), Buffer.from(bytes))).toBe(0);
    const p1 = m.predict(x);
    const p2 = back.predict(x);
    expect(Buffer.compare(Buffer.from(p1.buffer), Buffer.from(p2.buffer))).toBe(0);
    for (let i = 0; i < 50; i++) {
      const row = x.columns.map((c) => c[i] as number);
      expect(back.predictRow(row)).toBe(p1[i]);
    }
  });

  it('early stopping keeps the rounds up to the best validation score', () => {
    const small = makeRegression(400, 5, 2);
    const vx = makeRegression(400, 6, 2);
    const m = trainGbdt(
      { x: small.x, y: small.y },
      { numRounds: 300, maxDepth: 6, learningRate: 0.5, lambda: 0, minChildWeight: 0, earlyStoppingRounds: 10 },
      { valid: { x: vx.x, y: vx.y } },
    );
    const h = Array.from(m.info.validHistory);
    const best = h.indexOf(Math.min(...h)) + 1;
    expect(m.info.bestIteration).toBe(best);
    expect(m.info.rounds).toBe(best);
    expect(m.trees).toHaveLength(best);
    expect(h.length).toBe(best + 10);
    expect(h.length).toBeLessThan(300);
    // the kept model scores the best validation RMSE
    expect(rmse(vx.y, m.predict(vx.x))).toBeCloseTo(h[best - 1] as number, 10);
  });

  it('uses sample weights: zero-weight rows do not influence the model', () => {
    const w = new Float64Array(x.rows).fill(1);
    const yCorrupt = y.slice();
    for (let i = 0; i < x.rows; i += 3) {
      w[i] = 0;
      yCorrupt[i] = 1000;
    }
    const keep = [...Array(x.rows).keys()].filter((i) => i % 3 !== 0);
    const xs = featureMatrix(
      x.columns.map((c) => Float64Array.from(keep, (i) => c[i] as number)),
      { names: x.names },
    );
    const ys = Float64Array.from(keep, (i) => y[i] as number);
    const params = { numRounds: 5, maxDepth: 3, minChildWeight: 0.5 };
    const weighted = trainGbdt({ x, y: yCorrupt, weight: w }, params);
    const subset = trainGbdt({ x: xs, y: ys }, params);
    // same objective and same rows; bins may differ (they are computed on all rows), so compare fit quality
    expect(rmse(ys, weighted.predict(xs))).toBeLessThan(rmse(ys, subset.predict(xs)) * 1.1);
    expect(weighted.info.baseScore[0]).toBeCloseTo(subset.info.baseScore[0] as number, 10);
  });

  it('reports feature importance by gain and split count', () => {
    const m = trainGbdt({ x, y }, { numRounds: 20, maxDepth: 3 });
    const splits = m.featureImportance('split');
    let total = 0;
    for (const t of m.trees) total += Array.from(t.feature).filter((f) => f >= 0).length;
    expect(splits.reduce((a, b) => a + b, 0)).toBe(total);
    const gain = m.featureImportance('total-gain');
    // x0 (2 sin) and x1 (step of 2) carry the signal; x3 (0.4 per level) is weaker
    expect(gain[0]).toBeGreaterThan(gain[3] as number);
    expect(gain[1]).toBeGreaterThan(gain[3] as number);
  });

  it('holds out rows and predicts them well (sanity on generalisation)', () => {
    const all = makeRegression(3000, 9);
    const tr = sliceRows(all.x, 0, 2000);
    const te = sliceRows(all.x, 2000, 3000);
    const m = trainGbdt({ x: tr, y: all.y.slice(0, 2000) }, { numRounds: 60, maxDepth: 4, learningRate: 0.1 });
    // noise sd is 0.5, so a good model lands close to it
    expect(rmse(all.y.slice(2000), m.predict(te))).toBeLessThan(0.62);
  });
});
