import { describe, expect, it } from 'vitest';

import { schemaOf } from '../../../../src/data/index.js';
import type { LearnerCapabilities } from '../../../../src/ml/learner.js';
import {
  applySteps,
  autoPreprocess,
  builtinSteps,
  fitFeatureLayout,
  fitSteps,
  toFeatureMatrix,
} from '../../../../src/ml/preprocess/index.js';
import { bool, cat, dt, frame, num, text } from '../../../fixtures/ml/preprocess/frames.js';

const caps = (handlesMissing: boolean, handlesCategorical: boolean): LearnerCapabilities => ({
  tasks: ['regression'],
  handlesMissing,
  handlesCategorical,
  supportsWeights: false,
  givesProbabilities: false,
  multiThreaded: false,
});

const train = frame(
  num('x', [1, null, 3, 4, 5, 6]),
  cat('c', ['a', 'b', null, 'a', 'b', 'a']),
  bool('f', [true, null, false, true, true, false]),
  dt('d', ['2020-01-01T00:00:00Z', null, '2021-06-01T12:00:00Z', '2022-03-03T03:00:00Z', '2023-12-31T23:00:00Z', '2024-02-29T00:00:00Z']),
  text('t', ['hello world', null, 'world', 'x y', 'hello', '']),
);
const test = frame(
  num('x', [null, 100]),
  cat('c', ['zzz', null]),
  bool('f', [null, true]),
  dt('d', [null, '2030-01-01T00:00:00Z']),
  text('t', [null, 'new words']),
);

describe('autoPreprocess', () => {
  it.each([
    ['native categories + missing (gbdt)', true, true, ['datetime', 'ordinal', 'text-hash']],
    ['missing only', true, false, ['datetime', 'one-hot', 'text-hash']],
    ['categories only', false, true, ['datetime', 'ordinal', 'impute', 'text-hash']],
    ['neither (linear, knn)', false, false, ['datetime', 'scale', 'impute', 'one-hot', 'text-hash']],
  ])('%s → %j', (_, missing, categorical, expected) => {
    const recipe = autoPreprocess(schemaOf(train), caps(missing, categorical));
    expect(recipe.map((s) => s.step)).toEqual(expected);
    // the recipe fits, and its matrix is what the capabilities promise, on training and on unseen rows
    const fitted = fitSteps(train, recipe, builtinSteps(), { seed: 1 });
    const layout = fitFeatureLayout(fitted.output);
    for (const X of [toFeatureMatrix(fitted.output, layout), toFeatureMatrix(applySteps(fitted.steps, test), layout)]) {
      if (!categorical) expect(X.categorical.some(Boolean)).toBe(false);
      else expect(X.categorical[X.names.indexOf('c')]).toBe(true);
      if (!missing) expect(X.columns.every((col) => col.every((v) => !Number.isNaN(v)))).toBe(true);
    }
  });

  it('emits steps only for column types that are present and honours its knobs', () => {
    expect(autoPreprocess(schemaOf(frame(num('x', [1]))), caps(true, true))).toEqual([]);
    expect(autoPreprocess(schemaOf(frame(num('x', [1]))), caps(false, false)).map((s) => s.step)).toEqual(['scale', 'impute']);
    const recipe = autoPreprocess(schemaOf(train), caps(true, false), { textBuckets: 16, maxLevels: 8 });
    expect(recipe.find((s) => s.step === 'text-hash')?.options).toEqual({ buckets: 16 });
    expect(recipe.find((s) => s.step === 'one-hot')?.options).toMatchObject({ maxLevels: 8 });
  });

  it('linear recipe: standardised numeric features, missing indicators left 0/1, unseen level all zeros', () => {
    const recipe = autoPreprocess(schemaOf(train), caps(false, false));
    const fitted = fitSteps(train, recipe, builtinSteps(), { seed: 1 });
    const X = toFeatureMatrix(fitted.output, fitFeatureLayout(fitted.output));
    const x = X.columns[X.names.indexOf('x')] as Float64Array;
    const present = [0, 2, 3, 4, 5].map((i) => x[i] as number);
    expect(present.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 12);
    expect(Array.from(X.columns[X.names.indexOf('x.missing')] ?? [])).toEqual([0, 1, 0, 0, 0, 0]);
    const out = toFeatureMatrix(applySteps(fitted.steps, test), fitFeatureLayout(fitted.output));
    expect(['c=a', 'c=b', 'c=__missing__'].map((n) => out.columns[out.names.indexOf(n)]?.[0])).toEqual([0, 0, 0]);
    expect(['c=a', 'c=b', 'c=__missing__'].map((n) => out.columns[out.names.indexOf(n)]?.[1])).toEqual([0, 0, 1]);
  });
});
