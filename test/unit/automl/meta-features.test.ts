import { describe, expect, it } from 'vitest';
import { META_FEATURE_NAMES, metaDistance, metaFeatures, metaFeatureVector } from '../../../src/automl/index.js';
import { ValidationError } from '../../../src/core/index.js';
import { Frame, readCsv } from '../../../src/data/index.js';
import type { Column } from '../../../src/data/index.js';

const numeric = (name: string, values: readonly number[]): Column => ({ name, type: 'numeric', values: Float64Array.from(values) });
const categorical = (name: string, codes: readonly number[], levels: readonly string[]): Column => ({
  name,
  type: 'categorical',
  codes: Int32Array.from(codes),
  levels,
});

describe('metaFeatures', () => {
  it('describes a small classification frame with hand-computed values', () => {
    // x (numeric, one missing): 1, 2, 3, 6 → mean 3, deviations −2 −1 0 3: m2 = 14/4, m3 = 18/4, m4 = 98/4.
    // c (categorical, one missing) uses 3 of its levels; flag (boolean, one missing); target y: 3 "no", 2 "yes".
    const frame = new Frame([
      numeric('x', [1, 2, 3, 6, NaN]),
      categorical('c', [0, 1, 0, 2, -1], ['a', 'b', 'c', 'unused']),
      { name: 'flag', type: 'boolean', values: Uint8Array.from([1, 0, 255, 1, 0]) },
      categorical('y', [0, 0, 0, 1, 1], ['no', 'yes']),
    ]);
    const m = metaFeatures(frame, 'y', 'binary');
    expect(m.rows).toBe(5);
    expect(m.features).toBe(3);
    const v = m.values;
    expect(v.logRows).toBeCloseTo(Math.log10(5), 12);
    expect(v.logFeatures).toBeCloseTo(Math.log10(3), 12);
    expect(v.logRowsPerFeature).toBeCloseTo(Math.log10(5 / 3), 12);
    expect([v.numericShare, v.categoricalShare, v.booleanShare, v.datetimeShare, v.textShare]).toEqual([1 / 3, 1 / 3, 1 / 3, 0, 0]);
    expect(v.missingShare).toBeCloseTo(3 / 15, 12);
    expect(v.logMeanCardinality).toBeCloseTo(Math.log10(3), 12);
    expect(v.logMaxCardinality).toBeCloseTo(Math.log10(3), 12);
    expect(v.meanAbsSkewness).toBeCloseTo(4.5 / 3.5 ** 1.5, 12);
    expect(v.meanKurtosis).toBeCloseTo(24.5 / 3.5 ** 2 - 3, 12);
    expect(v.logClasses).toBeCloseTo(Math.log10(2), 12);
    expect(v.classEntropy).toBeCloseTo(-(0.6 * Math.log(0.6) + 0.4 * Math.log(0.4)) / Math.log(2), 12);
    expect(v.minorityClassShare).toBeCloseTo(0.4, 12);
    expect(v.targetSkewness).toBe(0);
    expect(v.targetVariation).toBe(0);
    expect(Object.keys(v).sort()).toEqual([...META_FEATURE_NAMES].sort());
  });

  it('describes a regression frame read from CSV: datetime and text shares, target skewness and variation', () => {
    // y = 1, 1, 4: mean 2, deviations −1 −1 2: m2 = 2, m3 = 2 → skewness 2 / 2^1.5; deviation √2, variation √2 / 2.
    const csv = 'at,note,y\n2024-01-01,first note here,1\n,,1\n2024-03-01,another one,4\n';
    const frame = readCsv(new TextEncoder().encode(csv), { file: 'r.csv', types: { note: 'text' } });
    expect(frame.column('at').type).toBe('datetime');
    expect(frame.column('note').type).toBe('text');
    const v = metaFeatures(frame, 'y', 'regression').values;
    expect(v.datetimeShare).toBe(0.5);
    expect(v.textShare).toBe(0.5);
    expect(v.numericShare).toBe(0);
    expect(v.missingShare).toBeCloseTo(2 / 6, 12);
    expect(v.meanAbsSkewness).toBe(0);
    expect(v.meanKurtosis).toBe(0);
    expect(v.logMeanCardinality).toBe(0);
    expect(v.targetSkewness).toBeCloseTo(2 / 2 ** 1.5, 12);
    expect(v.targetVariation).toBeCloseTo(Math.SQRT2 / 2, 12);
    expect([v.logClasses, v.classEntropy, v.minorityClassShare]).toEqual([0, 0, 0]);
  });

  it('counts the classes of numeric and boolean targets, missing labels left out', () => {
    const frame = new Frame([
      numeric('x', [0, 1, 2, 3, 4, 5]),
      numeric('label', [2, 2, 7, 9, 9, NaN]),
      { name: 'ok', type: 'boolean', values: Uint8Array.from([1, 1, 1, 0, 255, 1]) },
    ]);
    const byNumber = metaFeatures(frame, 'label', 'multiclass').values;
    expect(byNumber.logClasses).toBeCloseTo(Math.log10(3), 12);
    expect(byNumber.minorityClassShare).toBeCloseTo(1 / 5, 12);
    const byBoolean = metaFeatures(frame, 'ok', 'binary').values;
    expect(byBoolean.minorityClassShare).toBeCloseTo(1 / 5, 12);
  });

  it('stays finite on degenerate frames: one row, constant columns, no features, no labels', () => {
    const frames: Array<[Frame, string, 'regression' | 'binary']> = [
      [new Frame([numeric('x', [3]), numeric('y', [5])]), 'y', 'regression'],
      [new Frame([numeric('x', [0.1, 0.1, 0.1]), numeric('y', [0, 0, 0])]), 'y', 'regression'],
      [new Frame([numeric('y', [1, 2])]), 'y', 'regression'],
      [new Frame([numeric('x', [NaN, NaN]), categorical('y', [-1, -1], ['a'])]), 'y', 'binary'],
      [new Frame([numeric('x', []), numeric('y', [])]), 'y', 'regression'],
      [new Frame([categorical('c', [-1, -1], ['a']), categorical('y', [0, 0], ['a'])]), 'y', 'binary'],
    ];
    for (const [frame, target, task] of frames) {
      const m = metaFeatures(frame, target, task);
      for (const name of META_FEATURE_NAMES)
        expect(Number.isFinite(m.values[name]), `${name} of ${frame.columnNames.join(',')}`).toBe(true);
      expect(metaFeatureVector(m).every(Number.isFinite)).toBe(true);
    }
    // The constant column has no shape; a single class has no entropy.
    expect(metaFeatures(frames[1]?.[0] as Frame, 'y', 'regression').values.meanKurtosis).toBe(0);
    expect(metaFeatures(frames[5]?.[0] as Frame, 'y', 'binary').values.classEntropy).toBe(0);
  });

  it('rejects a text regression target and an unknown target column', () => {
    const frame = new Frame([{ name: 'y', type: 'text', values: ['a', 'b'] }]);
    try {
      metaFeatures(frame, 'y', 'regression');
      expect.fail('expected an error');
    } catch (error) {
      expect(ValidationError.is(error)).toBe(true);
      expect((error as Error).message).toMatch(/target y.*numeric or boolean.*text/);
    }
    expect(() => metaFeatures(frame, 'nope', 'regression')).toThrow(/nope/);
  });
});

describe('metaDistance', () => {
  /** A constant numeric feature and a balanced two-class target over `rows` rows. */
  const balanced = (rows: number): Frame =>
    new Frame([
      numeric('x', new Array<number>(rows).fill(1)),
      categorical(
        'y',
        Array.from({ length: rows }, (_, i) => i % 2),
        ['a', 'b'],
      ),
    ]);

  it('is 0 for identical descriptions and symmetric', () => {
    const a = metaFeatures(balanced(10), 'y', 'binary');
    const b = metaFeatures(new Frame([numeric('x', [1, 5, 2, 8]), categorical('y', [0, 0, 0, 1], ['p', 'q'])]), 'y', 'binary');
    expect(metaDistance(a, a)).toBe(0);
    expect(metaDistance(a, metaFeatures(balanced(10), 'y', 'binary'))).toBe(0);
    expect(metaDistance(a, b)).toBeGreaterThan(0);
    expect(metaDistance(a, b)).toBe(metaDistance(b, a));
  });

  it('measures rows on a log scale: 10 versus 1000 rows differ by 2 in log rows and 2 in log rows per feature', () => {
    const d = metaDistance(metaFeatures(balanced(10), 'y', 'binary'), metaFeatures(balanced(1000), 'y', 'binary'));
    expect(d).toBeCloseTo(4, 12);
  });

  it('orders the vector as META_FEATURE_NAMES and compresses the moment-based values', () => {
    const m = metaFeatures(new Frame([numeric('x', [1, 2, 3, 6]), numeric('y', [1, 1, 4, 0])]), 'y', 'regression');
    const vector = metaFeatureVector(m);
    expect(vector).toHaveLength(META_FEATURE_NAMES.length);
    expect(vector[META_FEATURE_NAMES.indexOf('logRows')]).toBe(m.values.logRows);
    const kurtosis = m.values.meanKurtosis as number;
    expect(vector[META_FEATURE_NAMES.indexOf('meanKurtosis')]).toBeCloseTo(Math.sign(kurtosis) * Math.log10(1 + Math.abs(kurtosis)), 12);
  });
});
