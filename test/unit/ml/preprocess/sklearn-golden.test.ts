import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { imputeStep, murmur3, oneHotStep, parseStepOptions, scaleStep, textHashStep } from '../../../../src/ml/preprocess/index.js';
import type { TransformerDefinition } from '../../../../src/ml/preprocess/index.js';
import type { Frame } from '../../../../src/data/index.js';
import { cat, frame, num, numbers, text } from '../../../fixtures/ml/preprocess/frames.js';

/** Outputs of scikit-learn 1.2.1, produced by test/fixtures/ml/preprocess/sklearn-golden.py. */
interface Golden {
  num_train: Array<Array<number | null>>;
  num_test: Array<Array<number | null>>;
  cat_train: string[];
  cat_test: string[];
  texts: string[];
  scalers: Record<string, { train: Array<Array<number | null>>; test: Array<Array<number | null>> }>;
  imputers: Record<string, { train: Array<Array<number | null>>; test: Array<Array<number | null>> }>;
  cat_impute: { input: Array<string | null>; output: string[] };
  encoders: Record<string, { names: string[]; train: number[][]; test: number[][] }>;
  tie_train: string[];
  tie_test: string[];
  tie_encoders: Record<string, { names: string[]; train: number[][]; test: number[][] }>;
  hashing: Record<string, { matrix: number[][] }>;
  murmur: Record<string, number>;
  murmur_seed_7: Record<string, number>;
}
const golden = JSON.parse(readFileSync(new URL('../../../fixtures/ml/preprocess/sklearn-golden.json', import.meta.url), 'utf8')) as Golden;

const numFrame = (rows: Array<Array<number | null>>): Frame =>
  frame(
    num(
      'x0',
      rows.map((r) => r[0] ?? null),
    ),
    num(
      'x1',
      rows.map((r) => r[1] ?? null),
    ),
  );

function fit<O>(step: TransformerDefinition<O>, f: Frame, options: unknown) {
  return step.fit(f, parseStepOptions(step, options), { seed: 1 });
}

/** Rows of the named numeric columns of a frame. */
function rows(f: Frame, names: readonly string[]): Array<Array<number | null>> {
  const cols = names.map((n) => numbers(f, n));
  return Array.from({ length: f.rowCount }, (_, i) => cols.map((c) => c[i] ?? null));
}

function expectClose(actual: Array<Array<number | null>>, expected: Array<Array<number | null>>): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) =>
    row.forEach((v, j) => {
      const e = expected[i]?.[j] ?? null;
      if (e === null) expect(v).toBeNull();
      else expect(v).toBeCloseTo(e, 12);
    }),
  );
}

describe('scale matches scikit-learn', () => {
  const cases: Array<[string, unknown]> = [
    ['standard', { method: 'standard' }],
    ['robust', { method: 'robust' }],
    ['robust_10_90', { method: 'robust', quantileRange: [10, 90] }],
    ['minmax', { method: 'min-max' }],
    ['minmax_m1_1', { method: 'min-max', range: [-1, 1] }],
  ];
  it.each(cases)('%s on training and unseen rows (missing values ignored and kept)', (name, options) => {
    const expected = golden.scalers[name];
    if (expected === undefined) throw new TypeError(name);
    const { fitted, output } = fit(scaleStep, numFrame(golden.num_train), options);
    expectClose(rows(output, ['x0', 'x1']), expected.train);
    expectClose(rows(fitted.transform(numFrame(golden.num_test)), ['x0', 'x1']), expected.test);
  });
});

describe('impute matches scikit-learn SimpleImputer', () => {
  const cases: Array<[string, unknown]> = [
    ['mean', { numeric: 'mean' }],
    ['median', { numeric: 'median' }],
    ['most_frequent', { numeric: 'most-frequent' }],
    ['constant', { numeric: 'constant', fillValue: -1 }],
  ];
  it.each(cases)('%s', (name, options) => {
    const expected = golden.imputers[name];
    if (expected === undefined) throw new TypeError(name);
    const { fitted, output } = fit(imputeStep, numFrame(golden.num_train), options);
    expectClose(rows(output, ['x0', 'x1']), expected.train);
    expectClose(rows(fitted.transform(numFrame(golden.num_test)), ['x0', 'x1']), expected.test);
  });

  it('mean with missing indicators (sklearn appends them; we place each after its column)', () => {
    const expected = golden.imputers['mean_indicator'];
    if (expected === undefined) throw new TypeError('mean_indicator');
    const { fitted, output } = fit(imputeStep, numFrame(golden.num_train), { numeric: 'mean', addIndicator: true });
    expect(output.columnNames).toEqual(['x0', 'x0.missing', 'x1', 'x1.missing']);
    const names = ['x0', 'x1', 'x0.missing', 'x1.missing'];
    expectClose(rows(output, names), expected.train);
    expectClose(rows(fitted.transform(numFrame(golden.num_test)), names), expected.test);
  });

  it('most frequent level of a categorical column, smallest name on ties', () => {
    const { output } = fit(imputeStep, frame(cat('c', golden.cat_impute.input)), {});
    const c = output.column('c');
    if (c.type !== 'categorical') throw new TypeError('c');
    expect(Array.from(c.codes, (code) => c.levels[code])).toEqual(golden.cat_impute.output);
  });
});

describe('one-hot matches scikit-learn OneHotEncoder', () => {
  const cases: Array<[string, unknown]> = [
    ['plain_ignore', { unseen: 'zeros' }],
    ['min_frequency_2', { minFrequency: 2, unseen: 'other' }],
    ['min_frequency_0.2', { minFrequency: 0.2, unseen: 'other' }],
    ['max_categories_3', { maxLevels: 3, unseen: 'other' }],
    ['max_categories_4_ignore', { maxLevels: 4, unseen: 'zeros' }],
  ];
  it.each(cases)('%s: names, training rows and unseen/rare rows', (name, options) => {
    const expected = golden.encoders[name];
    if (expected === undefined) throw new TypeError(name);
    const { fitted, output } = fit(oneHotStep, frame(cat('color', golden.cat_train)), options);
    expect(output.columnNames).toEqual(expected.names.map((n) => n.replace('color_', 'color=').replace('infrequent_sklearn', '__other__')));
    expectClose(rows(output, output.columnNames), expected.train);
    // test levels arrive in another order with an unseen one, so codes differ from training
    const test = fitted.transform(frame(cat('color', golden.cat_test)));
    expectClose(rows(test, test.columnNames), expected.test);
  });
});

describe('one-hot rare-level bucketing on tied frequencies matches scikit-learn', () => {
  const cases: Array<[string, unknown]> = [
    ['max_categories_3', { maxLevels: 3, unseen: 'other' }],
    ['max_categories_4_min_frequency_2', { maxLevels: 4, minFrequency: 2, unseen: 'other' }],
  ];
  it.each(cases)('%s', (name, options) => {
    const expected = golden.tie_encoders[name];
    if (expected === undefined) throw new TypeError(name);
    const { fitted, output } = fit(oneHotStep, frame(cat('color', golden.tie_train)), options);
    expect(output.columnNames).toEqual(expected.names.map((n) => n.replace('color_', 'color=').replace('infrequent_sklearn', '__other__')));
    expectClose(rows(output, output.columnNames), expected.train);
    const test = fitted.transform(frame(cat('color', golden.tie_test)));
    expectClose(rows(test, test.columnNames), expected.test);
  });
});

describe('text-hash matches scikit-learn HashingVectorizer(norm=None)', () => {
  const cases: Array<[string, unknown]> = [
    ['counts', {}],
    ['signed', { alternateSign: true }],
    ['binary', { binary: true }],
  ];
  it.each(cases)('%s', (name, options) => {
    const expected = golden.hashing[name];
    if (expected === undefined) throw new TypeError(name);
    const { output } = fit(textHashStep, frame(text('t', golden.texts)), { buckets: 16, ...(options as object) });
    expectClose(
      rows(
        output,
        Array.from({ length: 16 }, (_, k) => `t.hash_${k}`),
      ),
      expected.matrix,
    );
  });

  it('murmur3 x86_32 equals sklearn murmurhash3_32 on ASCII, accented, CJK and astral tokens', () => {
    for (const [token, h] of Object.entries(golden.murmur)) expect(murmur3(token, 0)).toBe(h);
    for (const [token, h] of Object.entries(golden.murmur_seed_7)) expect(murmur3(token, 7)).toBe(h);
  });
});
