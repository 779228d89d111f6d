import { describe, expect, it } from 'vitest';

import {
  builtinSteps,
  datetimeStep,
  dropStep,
  fitFeatureLayout,
  imputeStep,
  oneHotStep,
  ordinalStep,
  parseStepOptions,
  scaleStep,
  toFeatureMatrix,
  utcParts,
} from '../../../../src/ml/preprocess/index.js';
import type { TransformerDefinition } from '../../../../src/ml/preprocess/index.js';
import type { Frame } from '../../../../src/data/index.js';
import { bool, cat, dt, frame, num, numbers, text } from '../../../fixtures/ml/preprocess/frames.js';

function fit<O>(step: TransformerDefinition<O>, f: Frame, options: unknown = {}) {
  return step.fit(f, parseStepOptions(step, options), { seed: 1 });
}

function levelsOf(f: Frame, name: string): Array<string | null> {
  const c = f.column(name);
  if (c.type !== 'categorical') throw new TypeError(`${name} is ${c.type}`);
  return Array.from(c.codes, (code) => (code < 0 ? null : (c.levels[code] ?? null)));
}

describe('impute', () => {
  it('fills categorical columns with a constant level that is added to the levels', () => {
    const { output } = fit(imputeStep, frame(cat('c', ['x', null, 'y'])), { categorical: 'constant', fillLevel: 'none' });
    expect(levelsOf(output, 'c')).toEqual(['x', 'none', 'y']);
  });

  it('fills booleans with the most frequent value and numeric columns with the training mean at transform time', () => {
    const { fitted } = fit(imputeStep, frame(bool('b', [true, null, true, false]), num('n', [1, 2, null, 6])));
    const out = fitted.transform(frame(bool('b', [null, false]), num('n', [null, 10])));
    const b = out.column('b');
    expect(b.type === 'boolean' && Array.from(b.values)).toEqual([1, 0]);
    expect(numbers(out, 'n')).toEqual([3, 10]);
  });

  it('adds an indicator only for columns that had missing values in training', () => {
    const { output, fitted } = fit(imputeStep, frame(num('a', [1, null]), num('b', [1, 2])), { addIndicator: true });
    expect(output.columnNames).toEqual(['a', 'a.missing', 'b']);
    expect(numbers(fitted.transform(frame(num('a', [null, 5]), num('b', [null, 1]))), 'b')).toEqual([1.5, 1]);
  });

  it('falls back to fillValue for a numeric column with no value in training', () => {
    const { output } = fit(imputeStep, frame(num('a', [null, null])), { numeric: 'median', fillValue: 7 });
    expect(numbers(output, 'a')).toEqual([7, 7]);
  });
});

describe('scale', () => {
  it('leaves a constant column centred with scale 1 and keeps NaN', () => {
    const { fitted } = fit(scaleStep, frame(num('a', [4, 4, null])));
    expect(numbers(fitted.transform(frame(num('a', [5, null]))), 'a')).toEqual([1, null]);
  });
});

describe('one-hot', () => {
  it('gives missing values their own column and unseen levels all zeros', () => {
    const { output, fitted } = fit(oneHotStep, frame(cat('color', ['r', 'g', null, 'r'])));
    expect(output.columnNames).toEqual(['color=g', 'color=r', 'color=__missing__']);
    const test = fitted.transform(frame(cat('color', ['b', null, 'g'])));
    expect([0, 1, 2].map((i) => test.columnNames.map((n) => numbers(test, n)[i]))).toEqual([
      [0, 0, 0],
      [0, 0, 1],
      [1, 0, 0],
    ]);
  });

  it('maps a rare training level to __other__ but an unseen level to zeros when unseen = zeros', () => {
    const { fitted, output } = fit(oneHotStep, frame(cat('c', ['r', 'r', 'g', 'b', 'b'])), { minFrequency: 2 });
    expect(output.columnNames).toEqual(['c=b', 'c=r', 'c=__other__']);
    const test = fitted.transform(frame(cat('c', ['g', 'zzz'])));
    expect(numbers(test, 'c=__other__')).toEqual([1, 0]);
    expect(numbers(test, 'c=b')).toEqual([0, 0]);
  });

  it('missing = zeros gives no missing column', () => {
    const { output } = fit(oneHotStep, frame(cat('c', ['a', null])), { missing: 'zeros' });
    expect(output.columnNames).toEqual(['c=a']);
    expect(numbers(output, 'c=a')).toEqual([1, 0]);
  });

  it('ignores levels listed by the frame but absent from the training rows', () => {
    const { output } = fit(oneHotStep, frame(cat('c', ['a', 'b'], ['ghost'])));
    expect(output.columnNames).toEqual(['c=a', 'c=b']);
  });
});

describe('ordinal', () => {
  it('codes levels by name and maps another frame by level name, unseen and missing to missing', () => {
    const { output, fitted } = fit(ordinalStep, frame(cat('c', ['b', 'a', 'c', 'a'])));
    expect(levelsOf(output, 'c')).toEqual(['b', 'a', 'c', 'a']);
    const layout = fitFeatureLayout(output);
    expect(Array.from(toFeatureMatrix(output, layout).columns[0] ?? [])).toEqual([1, 0, 2, 0]);
    const test = toFeatureMatrix(fitted.transform(frame(cat('c', ['c', 'zzz', null, 'b']))), layout);
    expect(Array.from(test.columns[0] ?? [])).toEqual([2, Number.NaN, Number.NaN, 1]);
    expect(test.categorical).toEqual([true]);
  });

  it('orders by frequency when asked (ties by name)', () => {
    const { output } = fit(ordinalStep, frame(cat('c', ['z', 'y', 'y', 'x'])), { order: 'frequency' });
    expect(Array.from(toFeatureMatrix(output, fitFeatureLayout(output)).columns[0] ?? [])).toEqual([2, 0, 0, 1]);
  });
});

describe('datetime', () => {
  it('extracts UTC parts and cyclic encodings (hand-computed)', () => {
    const { output } = fit(datetimeStep, frame(dt('d', ['2024-02-29T13:45:00Z', null, '1969-12-31T23:59:59.999Z'])), {
      parts: ['year', 'month', 'day', 'weekday', 'hour', 'minute', 'dayofyear'],
    });
    expect(output.columnNames).toEqual([
      'd.year',
      'd.month',
      'd.month_sin',
      'd.month_cos',
      'd.day',
      'd.weekday',
      'd.weekday_sin',
      'd.weekday_cos',
      'd.hour',
      'd.hour_sin',
      'd.hour_cos',
      'd.minute',
      'd.dayofyear',
    ]);
    const row = (i: number) => output.columnNames.map((n) => numbers(output, n)[i]);
    const r0 = row(0);
    expect([r0[0], r0[1], r0[4], r0[5], r0[8], r0[11], r0[12]]).toEqual([2024, 2, 29, 3, 13, 45, 60]); // a Thursday
    expect(r0[2]).toBeCloseTo(0.5, 15);
    expect(r0[3]).toBeCloseTo(Math.sqrt(3) / 2, 15);
    expect(r0[6]).toBeCloseTo(Math.sin((2 * Math.PI * 3) / 7), 15);
    expect(r0[9]).toBeCloseTo(Math.sin((2 * Math.PI * 13) / 24), 15);
    expect(row(1).every((v) => v === null)).toBe(true);
    const r2 = row(2);
    expect([r2[0], r2[1], r2[4], r2[5], r2[8], r2[11], r2[12]]).toEqual([1969, 12, 31, 2, 23, 59, 365]); // a Wednesday
  });

  it('agrees with Date UTC getters over four millennia', () => {
    const parts = new Float64Array(7);
    let s = 12345;
    for (let k = 0; k < 2000; k++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const ms = Math.round((s / 4294967296 - 0.5) * 2 * 64e12);
      utcParts(ms, parts);
      const d = new Date(ms);
      // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999
      const utc = (y: number, m: number, day: number): number => new Date(0).setUTCFullYear(y, m, day);
      const start = utc(d.getUTCFullYear(), 0, 1);
      expect(Array.from(parts)).toEqual([
        d.getUTCFullYear(),
        d.getUTCMonth() + 1,
        d.getUTCDate(),
        (d.getUTCDay() + 6) % 7,
        d.getUTCHours(),
        d.getUTCMinutes(),
        Math.round((utc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - start) / 86400000) + 1,
      ]);
    }
  });
});

describe('drop and column selection', () => {
  it('drops by name and tolerates the column being absent later', () => {
    const { output, fitted } = fit(dropStep, frame(num('a', [1]), text('b', ['x']), num('c', [2])), { columns: ['b'] });
    expect(output.columnNames).toEqual(['a', 'c']);
    expect(fitted.transform(frame(num('a', [1]), num('c', [2]))).columnNames).toEqual(['a', 'c']);
  });

  it('selects by type with exclusions', () => {
    const { output } = fit(scaleStep, frame(num('a', [1, 3]), num('b', [1, 3])), { exclude: ['b'] });
    expect(numbers(output, 'a')).toEqual([-1, 1]);
    expect(numbers(output, 'b')).toEqual([1, 3]);
  });

  it('refuses a named column of a type the step cannot handle, and unknown columns', () => {
    expect(() => fit(scaleStep, frame(text('t', ['x'])), { columns: ['t'] })).toThrow(
      expect.objectContaining({ code: 'MLP_ML_INPUT_TYPE' }),
    );
    expect(() => fit(scaleStep, frame(num('a', [1])), { columns: ['nope'] })).toThrow(
      expect.objectContaining({ code: 'MLP_DATA_UNKNOWN_COLUMN' }),
    );
  });

  it('refuses a fitted column that arrives with another type', () => {
    const { fitted } = fit(scaleStep, frame(num('a', [1, 2])));
    expect(() => fitted.transform(frame(cat('a', ['1'])))).toThrow(expect.objectContaining({ code: 'MLP_ML_INPUT_TYPE' }));
  });

  it('rejects bad and unknown options with the step and option named', () => {
    expect(() => parseStepOptions(imputeStep, { numeric: 'avg' })).toThrow(/impute.*numeric/);
    expect(() => parseStepOptions(oneHotStep, { minFrequency: 1.5 })).toThrow(expect.objectContaining({ code: 'MLP_ML_INVALID_PARAM' }));
    expect(() => parseStepOptions(scaleStep, { colums: ['a'] })).toThrow(expect.objectContaining({ code: 'MLP_ML_INVALID_PARAM' }));
    expect(() => parseStepOptions(dropStep, {})).toThrow(/columns or types/);
  });

  it('lists every built-in step in the registry, with kebab-case ids and option defaults', () => {
    const registry = builtinSteps();
    expect(registry.ids()).toEqual(['datetime', 'drop', 'impute', 'one-hot', 'ordinal', 'scale', 'target-encode', 'text-hash']);
    for (const step of registry.list()) {
      expect(step.title.length).toBeGreaterThan(0);
      if (step.id !== 'drop') expect(() => parseStepOptions(step, {})).not.toThrow();
    }
  });
});

describe('feature layout', () => {
  it('refuses datetime and text columns that reach the learner, naming the step to add', () => {
    expect(() => fitFeatureLayout(frame(dt('d', ['2020-01-01T00:00:00Z'])))).toThrow(/"datetime" step/);
    expect(() => fitFeatureLayout(frame(text('t', ['x'])))).toThrow(/"text-hash" step/);
  });

  it('maps a raw categorical column by level name, whatever code order another frame uses', () => {
    const trainFrame = frame(cat('c', ['b', 'a', 'b'], ['unused']));
    const layout = fitFeatureLayout(trainFrame);
    expect(layout.levels).toEqual([['b', 'a']]);
    const X = toFeatureMatrix(frame(cat('c', ['a', 'unused', null, 'b', 'new'])), layout);
    expect(Array.from(X.columns[0] ?? [])).toEqual([1, Number.NaN, Number.NaN, 0, Number.NaN]);
  });

  it('turns booleans into 0/1 with NaN for missing', () => {
    const f = frame(bool('b', [true, false, null]));
    expect(Array.from(toFeatureMatrix(f, fitFeatureLayout(f)).columns[0] ?? [])).toEqual([1, 0, Number.NaN]);
  });
});
