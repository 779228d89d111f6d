import { describe, expect, it } from 'vitest';
import { featureMatrix } from '../../../../src/ml/matrix.js';
import { computeBinMapper, Rng } from '../../../../src/ml/gbdt/index.js';

/** Bounds of a column with at most maxBin - 1 distinct values: midpoints of consecutive sorted distinct values. */
function midpointBounds(distinct: number[]): number[] {
  const d = [...new Set(distinct.map((v) => (v === 0 ? 0 : v)))].sort((a, b) => a - b);
  const out: number[] = [];
  for (let i = 0; i + 1 < d.length; i++) out.push((d[i] as number) + ((d[i + 1] as number) - (d[i] as number)) / 2);
  return out;
}

describe('binning of columns with few distinct values', () => {
  it('bounds are the midpoints of the distinct values (±0 one value, NaN ignored, repeats in any order)', () => {
    const rng = new Rng(5);
    const values = [-3.5, -0, 0, 1e-300, 2, 7.25, 1e9, -1e9];
    const col = new Float64Array(5000);
    for (let i = 0; i < col.length; i++) col[i] = rng.nextFloat() < 0.1 ? NaN : (values[rng.nextInt(values.length)] as number);
    const m = computeBinMapper(featureMatrix([col]), 256);
    expect(Array.from(m.upper[0] as Float64Array)).toEqual(midpointBounds(values));
    expect(m.nValue[0]).toBe(7);
  });

  it('exactly maxBin - 1 distinct values still get one bin each; one more switches to quantile bins', () => {
    const make = (k: number): Float64Array => {
      const rng = new Rng(k);
      const col = new Float64Array(20 * k);
      for (let i = 0; i < col.length; i++) col[i] = (i % k) * 0.37 - 11 + (rng.nextFloat() < 0 ? 1 : 0);
      for (let i = col.length - 1; i > 0; i--) {
        const j = rng.nextInt(i + 1);
        const t = col[i] as number;
        col[i] = col[j] as number;
        col[j] = t;
      }
      return col;
    };
    const at = computeBinMapper(featureMatrix([make(31)]), 32);
    expect(at.nValue[0]).toBe(31);
    expect(Array.from(at.upper[0] as Float64Array)).toEqual(midpointBounds(Array.from({ length: 31 }, (_, i) => i * 0.37 - 11)));
    const over = computeBinMapper(featureMatrix([make(32)]), 32);
    expect(over.nValue[0]).toBeLessThanOrEqual(31);
  });

  it('quantile bounds are the same whether distinct values are counted in the hash table or found by sorting', () => {
    // plain reference: sort every value, walk runs of equal values, cut when the cumulative count passes the next
    // of maxValueBins equal shares; boundary = midpoint of the run's value and the next one
    const reference = (col: Float64Array, maxValueBins: number): number[] => {
      const v = Array.from(col)
        .filter((x) => !Number.isNaN(x))
        .sort((a, b) => a - b);
      const n = v.length;
      const nd = new Set(v).size;
      const out: number[] = [];
      for (let i = 0, next = 1; i < n && out.length < maxValueBins - 1;) {
        let end = i + 1;
        while (end < n && v[end] === v[i]) end++;
        if (end < n && (nd <= maxValueBins || end * maxValueBins >= next * n)) {
          const a = v[i] as number;
          const b = v[end] as number;
          const m = a + (b - a) / 2;
          out.push(m > a && m <= b ? m : b);
          if (nd > maxValueBins) next = Math.floor((end * maxValueBins) / n) + 1;
        }
        i = end;
      }
      return out;
    };
    const rng = new Rng(21);
    // 3,000 distinct values repeated (hash path) and 40,000 all-distinct values (sort path), skewed, with NaNs
    const repeated = Float64Array.from({ length: 40_000 }, () =>
      rng.nextFloat() < 0.05 ? NaN : Math.floor(rng.nextFloat() ** 3 * 3000) * 0.5,
    );
    const distinct = Float64Array.from({ length: 40_000 }, (_, i) => (i % 17 === 0 ? NaN : rng.nextFloat() ** 2 * 1000 + i * 1e-9));
    for (const col of [repeated, distinct]) {
      const m = computeBinMapper(featureMatrix([col]), 256);
      expect(Array.from(m.upper[0] as Float64Array)).toEqual(reference(col, 255));
    }
  });
});
