import { describe, expect, it } from 'vitest';

import { seededRandom } from '../../../../src/core/index.js';
import {
  andersonKSamp,
  binCounts,
  chi2Homogeneity,
  cramerVonMises2Samp,
  hellinger,
  jensenShannon,
  ks2Samp,
  mmd,
  psi,
  quantileEdges,
  sortSample,
  wassersteinDistance,
  zTestProportions,
} from '../../../../src/monitor/index.js';

function draw(seed: number, n: number, scale = 1, shift = 0): Float64Array {
  const r = seededRandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = shift + scale * (r() - 0.5);
  return out;
}

describe('sortSample', () => {
  it('gives the order of Float64Array.prototype.sort on large samples with ties, negatives, zeros and infinities', () => {
    const x = draw(1, 50_000, 1e6);
    for (let i = 0; i < x.length; i += 7) x[i] = Math.round(x[i] as number); // ties
    x[3] = -0;
    x[4] = 0;
    x[5] = Infinity;
    x[6] = -Infinity;
    x[7] = 5e-324;
    x[8] = -Number.MAX_VALUE;
    const ours = sortSample(x);
    const ref = x.slice().sort();
    expect(ours.length).toBe(ref.length);
    let mismatches = 0;
    for (let i = 0; i < ref.length; i++) if (!Object.is(ours[i], ref[i])) mismatches++;
    expect(mismatches).toBe(0);
  });
  it('sorts large samples whose low digits are all equal (integers) or that hold one value', () => {
    const r = seededRandom(9);
    const ints = Float64Array.from({ length: 10_000 }, () => Math.floor(r() * 2000) - 1000);
    expect(Array.from(sortSample(ints))).toEqual(Array.from(ints.slice().sort()));
    const same = new Float64Array(5000).fill(-2.5);
    expect(Array.from(sortSample(same))).toEqual(Array.from(same));
  });
  it('leaves its input untouched', () => {
    const x = draw(2, 5000);
    const copy = x.slice();
    sortSample(x);
    expect(x).toEqual(copy);
  });
});

describe('catalog errors instead of NaN', () => {
  const empty = new Float64Array(0);
  const withNaN = Float64Array.from([1, NaN, 2]);
  it('names the empty sample', () => {
    expect(() => ks2Samp(empty, draw(3, 5))).toThrow(
      expect.objectContaining({ code: 'MLP_MONITOR_STATS_EMPTY_SAMPLE', details: expect.objectContaining({ argument: 'a' }) }),
    );
    expect(() => wassersteinDistance(draw(3, 5), empty)).toThrow(expect.objectContaining({ code: 'MLP_MONITOR_STATS_EMPTY_SAMPLE' }));
    expect(() => cramerVonMises2Samp(Float64Array.from([1]), draw(3, 5))).toThrow(
      expect.objectContaining({ code: 'MLP_MONITOR_STATS_EMPTY_SAMPLE' }),
    );
    expect(() => andersonKSamp([draw(3, 5)])).toThrow(expect.objectContaining({ code: 'MLP_MONITOR_STATS_EMPTY_SAMPLE' }));
    expect(() => chi2Homogeneity([1, 2], [0, 0])).toThrow(expect.objectContaining({ code: 'MLP_MONITOR_STATS_EMPTY_SAMPLE' }));
    expect(() => zTestProportions(0, 0, 1, 2)).toThrow(expect.objectContaining({ code: 'MLP_MONITOR_STATS_EMPTY_SAMPLE' }));
  });
  it('names the index of a NaN', () => {
    expect(() => ks2Samp(draw(3, 5), withNaN)).toThrow(
      expect.objectContaining({ code: 'MLP_MONITOR_STATS_NOT_FINITE', details: expect.objectContaining({ argument: 'b', index: 1 }) }),
    );
    expect(() => andersonKSamp([draw(3, 5), withNaN])).toThrow(expect.objectContaining({ code: 'MLP_MONITOR_STATS_NOT_FINITE' }));
    expect(() => wassersteinDistance(Float64Array.from([1, Infinity]), draw(3, 5))).toThrow(
      expect.objectContaining({ code: 'MLP_MONITOR_STATS_NOT_FINITE' }),
    );
  });
  it('rejects out-of-range arguments', () => {
    expect(() => chi2Homogeneity([1, -2], [3, 4])).toThrow(expect.objectContaining({ code: 'MLP_MONITOR_STATS_INVALID_ARGUMENT' }));
    expect(() => chi2Homogeneity([1, 2, 3], [3, 4])).toThrow(expect.objectContaining({ code: 'MLP_MONITOR_STATS_INVALID_ARGUMENT' }));
    expect(() => zTestProportions(5, 4, 1, 2)).toThrow(expect.objectContaining({ code: 'MLP_MONITOR_STATS_INVALID_ARGUMENT' }));
    expect(() => jensenShannon([1, 2], [2, 1], 1)).toThrow(expect.objectContaining({ code: 'MLP_MONITOR_STATS_INVALID_ARGUMENT' }));
    expect(() => psi([1, 2], [2, 1], 0)).toThrow(expect.objectContaining({ code: 'MLP_MONITOR_STATS_INVALID_ARGUMENT' }));
    expect(() => quantileEdges(sortSample(draw(4, 10)), 0)).toThrow(
      expect.objectContaining({ code: 'MLP_MONITOR_STATS_INVALID_ARGUMENT' }),
    );
    expect(() => binCounts(Float64Array.from([NaN]), Float64Array.from([0]))).toThrow(
      expect.objectContaining({ code: 'MLP_MONITOR_STATS_INVALID_ARGUMENT' }),
    );
    expect(() => ks2Samp(draw(3, 5), draw(4, 5), 'fast' as 'auto')).toThrow(
      expect.objectContaining({ code: 'MLP_MONITOR_STATS_INVALID_ARGUMENT' }),
    );
  });
  it('gives a defined result for constant columns and for a single category', () => {
    const c = new Float64Array(50).fill(3);
    expect(ks2Samp(c, c)).toEqual({ statistic: 0, pValue: 1, mode: 'exact' });
    expect(wassersteinDistance(c, c)).toBe(0);
    expect(chi2Homogeneity([7, 0], [9, 0])).toEqual({ statistic: 0, pValue: 1, dof: 0 });
    expect(() => andersonKSamp([c, c])).toThrow(expect.objectContaining({ code: 'MLP_MONITOR_STATS_INVALID_ARGUMENT' }));
  });
});

describe('symmetric statistics are symmetric', () => {
  const x = draw(5, 300);
  const y = draw(6, 200, 1.3, 0.2);
  it('KS, Wasserstein, Cramér–von Mises, Anderson–Darling', () => {
    expect(ks2Samp(y, x)).toEqual(ks2Samp(x, y));
    expect(wassersteinDistance(y, x)).toBeCloseTo(wassersteinDistance(x, y), 14);
    const c1 = cramerVonMises2Samp(x, y);
    const c2 = cramerVonMises2Samp(y, x);
    expect(c2.statistic).toBeCloseTo(c1.statistic, 12);
    expect(c2.pValue).toBeCloseTo(c1.pValue, 12);
    expect(andersonKSamp([y, x]).statistic).toBeCloseTo(andersonKSamp([x, y]).statistic, 12);
  });
  it('Jensen–Shannon and Hellinger', () => {
    const p = [3, 1, 0, 7];
    const q = [1, 1, 4, 2];
    expect(jensenShannon(q, p)).toBeCloseTo(jensenShannon(p, q), 15);
    expect(hellinger(q, p)).toBeCloseTo(hellinger(p, q), 15);
  });
});

describe('mmd', () => {
  const rows = (seed: number, n: number, shift: number): Float64Array[] => {
    const r = seededRandom(seed);
    return Array.from({ length: n }, () => Float64Array.from([r() + shift, r() - shift]));
  };
  it('matches a hand-computed tiny case: a = {0, 1}, b = {2, 3} on the line', () => {
    // pooled distances: 1,2,3,1,2,1 → median σ = 1.5; k(d) = exp(-d²/(2·2.25)) = exp(-d²/4.5)
    const k = (d: number): number => Math.exp(-(d * d) / 4.5);
    const expected = k(1) / 1 + k(1) / 1 - (2 / 4) * (k(2) + k(3) + k(1) + k(2));
    const r = mmd([Float64Array.of(0), Float64Array.of(1)], [Float64Array.of(2), Float64Array.of(3)], { permutations: 50, seed: 1 });
    expect(r.bandwidth).toBe(1.5);
    expect(r.statistic).toBeCloseTo(expected, 14);
  });
  it('is reproducible for a seed, and its p-value is (count + 1) / (permutations + 1)', () => {
    const a = rows(1, 40, 0);
    const b = rows(2, 30, 0);
    const r1 = mmd(a, b, { permutations: 99, seed: 7 });
    const r2 = mmd(a, b, { permutations: 99, seed: 7 });
    expect(r2).toEqual(r1);
    expect(Math.round(r1.pValue * 100) / 100).toBeCloseTo(r1.pValue, 12);
    expect(r1.pValue).toBeGreaterThanOrEqual(1 / 100);
  });
  it('finds no drift between samples of one distribution and drift after a shift', () => {
    expect(mmd(rows(3, 60, 0), rows(4, 60, 0), { permutations: 199, seed: 1 }).pValue).toBeGreaterThan(0.05);
    const shifted = mmd(rows(3, 60, 0), rows(5, 60, 0.5), { permutations: 199, seed: 1 });
    expect(shifted.pValue).toBe(1 / 200);
    expect(shifted.statistic).toBeGreaterThan(0);
  });
  it('rejects rows of different lengths and too few rows', () => {
    expect(() => mmd([Float64Array.of(1, 2), Float64Array.of(1)], rows(1, 3, 0), { permutations: 9, seed: 1 })).toThrow(
      expect.objectContaining({ code: 'MLP_MONITOR_STATS_INVALID_ARGUMENT' }),
    );
    expect(() => mmd(rows(1, 1, 0), rows(1, 3, 0), { permutations: 9, seed: 1 })).toThrow(
      expect.objectContaining({ code: 'MLP_MONITOR_STATS_EMPTY_SAMPLE' }),
    );
  });
});
