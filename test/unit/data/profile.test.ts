import { describe, expect, it } from 'vitest';
import type { Column, Frame } from '../../../src/data/index.js';
import { profileColumn, profileFrame, readCsv } from '../../../src/data/index.js';

const encoder = new TextEncoder();
const csv = (text: string, types?: Record<string, 'text'>): Frame => readCsv(encoder.encode(text), { file: 'p.csv', types });

describe('profileFrame', () => {
  const frame = csv(
    'x,c,b,t,d\n' +
      '1,b,true,hello,2024-03-01\n' +
      '2,a,false,hi,\n' +
      '3,,true,,2024-01-01T12:00:00Z\n' +
      '4,b,,hey there,2024-02-01\n' +
      ',c,true,hi,2024-05-31\n' +
      '10,b,,x,2023-12-31\n',
    { t: 'text' },
  );
  const profile = profileFrame(frame);
  const column = (name: string) => profile.columns.find((c) => c.name === name);

  it('computes numeric statistics by hand-checked values', () => {
    // values 1, 2, 3, 4, 10: mean 4, squared deviations 9+4+1+0+36 = 50, sample variance 50/4 = 12.5.
    expect(column('x')).toMatchObject({ type: 'numeric', count: 5, missing: 1, distinct: 5, distinctExact: true });
    const numeric = column('x')?.numeric;
    expect(numeric?.min).toBe(1);
    expect(numeric?.max).toBe(10);
    expect(numeric?.mean).toBe(4);
    expect(numeric?.std).toBeCloseTo(Math.sqrt(12.5), 12);
    // Linear interpolation at position (n - 1) q = 4q between the sorted values.
    const q = numeric?.quantiles;
    expect(q?.p1).toBeCloseTo(1.04, 12);
    expect(q?.p5).toBeCloseTo(1.2, 12);
    expect(q?.p25).toBe(2);
    expect(q?.p50).toBe(3);
    expect(q?.p75).toBe(4);
    expect(q?.p95).toBeCloseTo(8.8, 12);
    expect(q?.p99).toBeCloseTo(9.76, 12);
    // Decile edges: position 4q for q = 0.1 … 0.9 → 1.4, 1.8, 2.2, 2.6, 3, 3.4, 3.8, 5.2, 7.6 between min 1 and
    // max 10. 1 → bin 0, 2 → bin 2 [1.8, 2.2), 3 → bin 5 [3, 3.4), 4 → bin 7 [3.8, 5.2), 10 → the last (closed) bin.
    const edges = [1, 1.4, 1.8, 2.2, 2.6, 3, 3.4, 3.8, 5.2, 7.6, 10];
    numeric?.histogram?.edges.forEach((edge, i) => expect(edge).toBeCloseTo(edges[i] as number, 12));
    expect(numeric?.histogram?.counts).toEqual([1, 0, 1, 0, 0, 1, 0, 1, 0, 1]);
    expect([numeric?.histogram?.below, numeric?.histogram?.above]).toEqual([0, 0]);
  });

  it('puts values on a (decile) bin edge into the bin that starts there, and max into the last bin (like numpy.histogram)', () => {
    const values = csv(`v\n${Array.from({ length: 11 }, (_, i) => i).join('\n')}\n`);
    expect(profileFrame(values).columns[0]?.numeric?.histogram?.counts).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
    const constant = profileFrame(csv('v\n5\n5\n5\n')).columns[0]?.numeric;
    expect(constant).toMatchObject({ min: 5, max: 5, mean: 5, std: 0 });
    // A constant column has one bin [5, 5].
    expect(constant?.histogram).toEqual({ edges: [5, 5], counts: [3], below: 0, above: 0 });
  });

  it('counts categorical levels with the most frequent first', () => {
    expect(column('c')).toMatchObject({ type: 'categorical', count: 5, missing: 1, distinct: 3 });
    expect(column('c')?.categorical).toEqual({
      top: [
        { value: 'b', count: 3 },
        { value: 'a', count: 1 },
        { value: 'c', count: 1 },
      ],
      topErrorBound: 0,
      levels: ['b', 'a', 'c'],
      levelsCapped: false,
    });
  });

  it('counts booleans, datetime range and text lengths', () => {
    expect(column('b')).toMatchObject({ count: 4, missing: 2, distinct: 2, boolean: { trueCount: 3, falseCount: 1 } });
    expect(column('d')).toMatchObject({
      count: 5,
      missing: 1,
      distinct: 5,
      datetime: { min: '2023-12-31T00:00:00.000Z', max: '2024-05-31T00:00:00.000Z' },
    });
    // hello, hi, hey there, hi, x → lengths 5, 2, 9, 2, 1.
    expect(column('t')).toMatchObject({
      type: 'text',
      count: 5,
      missing: 1,
      distinct: 4,
      text: { minLength: 1, maxLength: 9, meanLength: 19 / 5 },
    });
  });

  it('is plain JSON (survives a round trip) and has nulls, not NaN, for empty columns', () => {
    expect(JSON.parse(JSON.stringify(profile))).toEqual(profile);
    const empty = profileFrame(csv('a,b\n,x\n,y\n'));
    expect(empty.columns[0]).toMatchObject({
      type: 'numeric',
      count: 0,
      missing: 2,
      distinct: 0,
      numeric: { min: null, max: null, mean: null, std: null, quantiles: null, histogram: null },
    });
    expect(JSON.parse(JSON.stringify(empty))).toEqual(empty);
    expect(profile.rowCount).toBe(6);
  });

  it('counts only observed levels after a row subset', () => {
    const subset = frame.take(Int32Array.from([0, 3]));
    expect(profileFrame(subset).columns.find((c) => c.name === 'c')?.categorical?.levels).toEqual(['b']);
  });

  it('reports -0 and 0 as one distinct value and ignores NaN', () => {
    const column: Column = { name: 'z', type: 'numeric', values: Float64Array.from([0, -0, NaN, 1]) };
    expect(profileColumn(column)).toMatchObject({ count: 3, missing: 1, distinct: 2 });
  });
});
