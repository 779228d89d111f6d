import { describe, expect, it } from 'vitest';
import { featureMatrix } from '../../../../src/ml/matrix.js';
import { binMatrix, computeBinMapper } from '../../../../src/ml/gbdt/index.js';

describe('gbdt binning', () => {
  it('gives each distinct value its own bin (boundaries at midpoints) and missing values the last bin', () => {
    const x = featureMatrix([Float64Array.from([3, 1, 2, NaN, 1, Infinity, -Infinity])]);
    const m = computeBinMapper(x, 256);
    // infinite neighbours have no finite midpoint: the boundary is the upper value itself
    expect(Array.from(m.upper[0] as Float64Array)).toEqual([1, 1.5, 2.5, Infinity]);
    expect(m.nValue[0]).toBe(5);
    const { columns, slots } = binMatrix(m, x);
    expect(Array.from(columns)).toEqual([3, 1, 2, 5, 1, 4, 0]);
    expect(Array.from(slots)).toEqual(Array.from(columns));
  });

  it('cuts many distinct values into bins of about equal counts', () => {
    const n = 10_000;
    const v = Float64Array.from({ length: n }, (_, i) => (i * 7919) % n);
    const m = computeBinMapper(featureMatrix([v]), 11); // 10 value bins + missing
    expect(m.nValue[0]).toBe(10);
    const counts = new Array<number>(11).fill(0);
    for (const b of binMatrix(m, featureMatrix([v])).columns) counts[b] = (counts[b] as number) + 1;
    for (let b = 0; b < 10; b++) expect(counts[b]).toBe(1000);
    expect(counts[10]).toBe(0);
  });

  it('offsets each feature into one histogram and uses category codes as bins', () => {
    const a = Float64Array.from([0, 1, 0, 1]);
    const c = Float64Array.from([2, 0, NaN, 1]);
    const m = computeBinMapper(featureMatrix([a, c], { categorical: [false, true] }), 256);
    expect(Array.from(m.offset)).toEqual([0, 3, 7]);
    const { slots, columns } = binMatrix(m, featureMatrix([a, c], { categorical: [false, true] }));
    // row-major local bins: row i = [bin of a, bin of c]; missing category → bin 3 (after codes 0..2)
    expect(Array.from(slots)).toEqual([0, 2, 1, 0, 0, 3, 1, 1]);
    expect(Array.from(columns)).toEqual([0, 1, 0, 1, 2, 0, 3, 1]);
  });
});
