import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../src/core/random.js';
import { KLL_RANK_ERROR, KllSketch } from '../../../../src/data/index.js';

const N = 1_000_000;

/** Seeded test data: uniform, normal (Box–Muller), heavy-tailed (Pareto, α = 1.1), and heavy ties (20 values). */
function data(kind: 'uniform' | 'normal' | 'pareto' | 'ties', seed: number, n = N): Float64Array {
  const random = seededRandom(seed);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = random();
    if (kind === 'uniform') x[i] = u;
    else if (kind === 'normal') x[i] = Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * random());
    else if (kind === 'pareto') x[i] = (1 - u) ** (-1 / 1.1);
    else x[i] = Math.floor(u * 20);
  }
  return x;
}

function sketchOf(values: Float64Array, seed: number, chunk = 4096): KllSketch {
  const sketch = new KllSketch(200, seed);
  for (let start = 0; start < values.length; start += chunk) sketch.update(values, start, Math.min(values.length, start + chunk));
  return sketch;
}

/** Number of values ≤ x (or < x when `strict`) in sorted (binary search). */
function exactRank(sorted: Float64Array, x: number, strict = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] as number;
    if (strict ? v < x : v <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Largest |estimated rank − exact rank| / n over 1001 query points (the exact 0‰ … 1000‰ order statistics) and every retained item. */
function maxRankError(sketch: KllSketch, sorted: Float64Array): number {
  const n = sorted.length;
  const queries = new Float64Array(1001 + sketch.retained);
  for (let i = 0; i <= 1000; i++) queries[i] = sorted[Math.min(n - 1, Math.floor((i / 1000) * n))] as number;
  const { values, weights } = sketch.sortedItems();
  queries.set(values, 1001);
  queries.sort();
  let worst = 0;
  let j = 0;
  let estimated = 0;
  for (const q of queries) {
    while (j < values.length && (values[j] as number) <= q) estimated += weights[j++] as number;
    worst = Math.max(worst, Math.abs(estimated - exactRank(sorted, q)) / n);
  }
  return worst;
}

describe('KllSketch', () => {
  it.each(['uniform', 'normal', 'pareto', 'ties'] as const)(
    'keeps the rank error within KLL_RANK_ERROR on 1M %s values, for several seeds',
    (kind) => {
      for (const seed of [1, 2, 3]) {
        const values = data(kind, seed * 7 + kind.length);
        const sketch = sketchOf(values, seed);
        const sorted = values.slice().sort();
        expect(sketch.n).toBe(N);
        expect(sketch.exact).toBe(false);
        expect(maxRankError(sketch, sorted)).toBeLessThanOrEqual(KLL_RANK_ERROR);
        // Quantiles: the returned value's exact rank is within the bound of q.
        for (const q of [0.01, 0.25, 0.5, 0.75, 0.99]) {
          const v = sketch.quantile(q);
          const below = exactRank(sorted, v, true) / N;
          const upTo = exactRank(sorted, v) / N;
          expect(upTo).toBeGreaterThanOrEqual(q - KLL_RANK_ERROR);
          expect(below).toBeLessThanOrEqual(q + KLL_RANK_ERROR);
        }
      }
    },
    60_000,
  );

  it('is bounded: about 3k values retained for 1M values', () => {
    const sketch = sketchOf(data('uniform', 5), 5);
    expect(sketch.retained).toBeLessThanOrEqual(3 * 200 + 64);
    expect(JSON.stringify(sketch.toState()).length).toBeLessThan(20_000);
  });

  it('is exact (numpy linear interpolation) while it holds every value', () => {
    const sketch = new KllSketch(200, 1);
    sketch.update(Float64Array.from([4, 1, 10, 2, 3]));
    expect(sketch.exact).toBe(true);
    // numpy.quantile([1, 2, 3, 4, 10], [0.01, 0.5, 0.95]) = [1.04, 3, 8.8]
    const [p1, p50, p95] = sketch.quantiles([0.01, 0.5, 0.95]);
    expect(p1).toBeCloseTo(1.04, 12);
    expect(p50).toBe(3);
    expect(p95).toBeCloseTo(8.8, 12);
    expect(new KllSketch(200, 1).quantile(0.5)).toBeNaN();
  });

  it('gives the same sketch for the same values and seed, however the values are batched', () => {
    const values = data('normal', 11, 100_000);
    expect(sketchOf(values, 3, 4096).toState()).toEqual(sketchOf(values, 3, 4096).toState());
    const a = sketchOf(values, 3, 1000);
    expect(maxRankError(a, values.slice().sort())).toBeLessThanOrEqual(KLL_RANK_ERROR);
  });

  it('merges within the bound in any order and grouping (deterministic given the seeds)', () => {
    const values = data('pareto', 21, 400_000);
    const sorted = values.slice().sort();
    const parts = [0, 50_000, 130_000, 300_000, 400_000];
    const sketches = (): KllSketch[] => parts.slice(1).map((end, i) => sketchOf(values.subarray(parts[i], end), 100 + i));
    const [a, b, c, d] = sketches() as [KllSketch, KllSketch, KllSketch, KllSketch];
    a.merge(b);
    c.merge(d);
    a.merge(c); // ((a b)(c d))
    const [e, f, g, h] = sketches() as [KllSketch, KllSketch, KllSketch, KllSketch];
    h.merge(g);
    h.merge(f);
    h.merge(e); // (((d c) b) a)
    for (const merged of [a, h]) {
      expect(merged.n).toBe(400_000);
      expect(maxRankError(merged, sorted)).toBeLessThanOrEqual(KLL_RANK_ERROR);
    }
    const [a2, b2, c2, d2] = sketches() as [KllSketch, KllSketch, KllSketch, KllSketch];
    a2.merge(b2);
    c2.merge(d2);
    a2.merge(c2);
    expect(a2.toState()).toEqual(a.toState());
  });

  it('round-trips its state and refuses a tampered one, naming the field', () => {
    const sketch = sketchOf(data('ties', 9, 50_000), 9);
    const state = JSON.parse(JSON.stringify(sketch.toState())) as ReturnType<KllSketch['toState']>;
    expect(KllSketch.fromState(state).toState()).toEqual(state);
    expect(() => KllSketch.fromState({ ...state, n: state.n + 1 })).toThrow(/kll\.n/);
    expect(() => KllSketch.fromState({ ...state, levels: [[Number.NaN], ...state.levels.slice(1)] })).toThrow(/kll\.levels\.0/);
    expect(() => KllSketch.fromState({ ...state, k: 3 })).toThrow(/MLP_DATA_SKETCH_INVALID|kll\.k/);
    const other = new KllSketch(100);
    expect(() => sketch.merge(other)).toThrow(/k = 100/);
  });
});
