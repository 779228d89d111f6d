import { describe, expect, it } from 'vitest';

import type { Column } from '../../../../src/data/index.js';
import { inferTask, MAX_INFERRED_CLASSES, targetLike, trainingTarget } from '../../../../src/ml/pipeline/index.js';
import { bool, cat, dt, num, text } from '../../../fixtures/ml/preprocess/frames.js';

/** `rows` values cycling through `labels` (every label appears when rows ≥ labels). */
const cycle = (name: string, labels: readonly number[], rows: number): Column =>
  num(
    name,
    Array.from({ length: rows }, (_, i) => labels[i % labels.length] as number),
  );
const hasMissing = (column: Column): boolean =>
  column.type === 'numeric' ? column.values.some((v) => Number.isNaN(v)) : column.type === 'categorical' ? column.codes.includes(-1) : true;
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('inferTask: the task a target asks for, as AutoGluon infers it (with a 30-class cap), and why', () => {
  // Each expectation follows AutoGluon's infer_problem_type by hand: 2 unique → binary; object → multiclass;
  // whole numbers with unique/rows ≤ 0.1 → multiclass; else regression. The cap (30 instead of 1,000) is ours.
  const cases: Array<[string, Column, string, RegExp]> = [
    ['a boolean column', bool('t', [true, false, true, null]), 'binary', /true\/false/],
    ['two text labels', cat('t', ['no', 'yes', 'yes', null]), 'binary', /two distinct labels/],
    ['three text labels', cat('t', ['a', 'b', 'c', 'a']), 'multiclass', /3 distinct text labels/],
    ['numbers 0/1', cycle('t', [0, 1], 50), 'binary', /two distinct values/],
    ['two fractional values (two values win over fractions)', cycle('t', [1.5, 2.5], 9), 'binary', /two distinct values/],
    ['class labels 1–7 in 581 rows', cycle('t', range(1, 7), 581), 'multiclass', /^7 distinct whole numbers in 581 rows/],
    ['labels -1, 0, 1 (negative labels are labels)', cycle('t', [-1, 0, 1], 300), 'multiclass', /3 distinct whole numbers/],
    [
      'whole numbers with one fractional value',
      num('t', [...range(1, 5), 2.25, ...range(1, 50)]),
      'regression',
      /fractional part \(e\.g\. 2\.25\)/,
    ],
    ['10 distinct whole numbers in 100 rows: exactly 10 % (≤, as AutoGluon)', cycle('t', range(1, 10), 100), 'multiclass', /10 distinct/],
    ['11 distinct whole numbers in 100 rows: 11 % of the rows', cycle('t', range(1, 11), 100), 'regression', /more than 10 % of the rows/],
    [`${MAX_INFERRED_CLASSES} distinct whole numbers in 5,000 rows`, cycle('t', range(1, 30), 5000), 'multiclass', /30 distinct/],
    [`${MAX_INFERRED_CLASSES + 1} distinct whole numbers in 5,000 rows`, cycle('t', range(1, 31), 5000), 'regression', /more than 30/],
    // flights: an arrival delay in minutes, 468 distinct whole numbers in 200,000 rows (AutoGluon: multiclass)
    ['a delay in minutes (468 values)', cycle('t', range(-20, 447), 200_000), 'regression', /more than 30 distinct whole numbers/],
    ['a single value', num('t', [4, 4, 4, 4]), 'regression', /single distinct value/],
    ['missing values are not counted', num('t', [...Array.from({ length: 40 }, (_, i) => i % 3), null, null]), 'multiclass', /in 40 rows/],
  ];
  it.each(cases)('%s', (_, column, task, reason) => {
    const inferred = inferTask(column);
    expect(inferred.task).toBe(task);
    expect(inferred.reason).toMatch(reason);
    // trainingTarget without a task uses the same rule (it refuses missing labels, so only complete columns)
    if (!hasMissing(column)) expect(trainingTarget(column).task).toBe(task);
  });

  it('refuses a target without values, a text and a date/time column', () => {
    expect(() => inferTask(num('t', [null, null]))).toThrow(expect.objectContaining({ code: 'MLP_ML_BAD_TRAINING_DATA' }));
    expect(() => inferTask(cat('t', [null]))).toThrow(/no values/);
    expect(() => inferTask(text('t', ['a', 'b']))).toThrow(/text column cannot be a target/);
    expect(() => inferTask(dt('t', ['2026-01-01']))).toThrow(/datetime column cannot be a target/);
  });

  it('an inferred numeric multiclass target keeps its labels in numeric order; a given task overrides the inference', () => {
    const labels = cycle('t', range(1, 12), 240);
    const target = trainingTarget(labels);
    expect(target).toMatchObject({ task: 'multiclass', classes: range(1, 12).map(String) });
    if (target.task === 'regression') throw new Error('classes expected');
    expect(Array.from(target.y.slice(0, 13))).toEqual([...range(0, 11), 0]);
    expect(trainingTarget(labels, 'regression')).toMatchObject({
      task: 'regression',
      y: Float64Array.from(labels.type === 'numeric' ? labels.values : []),
    });
  });
});

describe('trainingTarget: the positive class of a binary target', () => {
  const column = cat('t', ['good', 'bad', 'good', 'good']);

  it('is the second of the sorted labels by default (as scikit-learn and AutoGluon): bad, good → good', () => {
    expect(trainingTarget(column)).toMatchObject({ task: 'binary', classes: ['bad', 'good'], y: Int32Array.from([1, 0, 1, 1]) });
    expect(trainingTarget(bool('t', [true, false]))).toMatchObject({ classes: ['false', 'true'] });
  });

  it('can be chosen: it becomes classes[1], codes follow, and other rows are encoded the same way', () => {
    const target = trainingTarget(column, undefined, 'bad');
    expect(target).toMatchObject({ task: 'binary', classes: ['good', 'bad'], y: Int32Array.from([0, 1, 0, 0]) });
    expect(trainingTarget(column, undefined, 'good')).toMatchObject({ classes: ['bad', 'good'] });
    expect(targetLike(cat('t', ['bad', 'good']), target)).toMatchObject({ y: Int32Array.from([1, 0]) });
  });

  it('is refused when it is not a class, or the target is not binary', () => {
    expect(() => trainingTarget(column, undefined, 'Bad')).toThrow(expect.objectContaining({ code: 'MLP_CORE_VALIDATION' }));
    expect(() => trainingTarget(column, undefined, 'Bad')).toThrow(/"Bad" is not a class of target "t"; its classes are "bad" and "good"/);
    expect(() => trainingTarget(cat('t', ['a', 'b', 'c']), undefined, 'a')).toThrow(
      /only applies to a binary target; this is a multiclass/,
    );
    expect(() => trainingTarget(num('t', [0.5, 1.5, 2.5]), undefined, '0.5')).toThrow(/this is a regression target/);
  });
});
