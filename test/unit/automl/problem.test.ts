import { describe, expect, it } from 'vitest';

import { chooseValidation, metricId, metricLabel, prepareProblem } from '../../../src/automl/index.js';
import { cat, dt, frame, num } from '../../fixtures/ml/preprocess/frames.js';

const rows = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe('prepareProblem', () => {
  it('infers the task and its default metric from the target', () => {
    const x = num(
      'x',
      rows(60, (i) => i % 7),
    );
    const binary = prepareProblem(
      frame(
        x,
        cat(
          'y',
          rows(60, (i) => i % 2).map((v) => (v ? 'a' : 'b')),
        ),
      ),
      { target: 'y', seed: 0 },
    );
    expect([binary.problem.spec.task, binary.problem.spec.metric, binary.problem.higherIsBetter]).toEqual(['binary', 'roc-auc', true]);
    const multi = prepareProblem(
      frame(
        x,
        cat(
          'y',
          rows(60, (i) => i % 3)
            .map(String)
            .map((v) => `c${v}`),
        ),
      ),
      { target: 'y', seed: 0 },
    );
    expect([multi.problem.spec.task, multi.problem.spec.metric, multi.problem.higherIsBetter]).toEqual(['multiclass', 'log-loss', false]);
    const reg = prepareProblem(
      frame(
        x,
        num(
          'y',
          rows(60, (i) => i * 0.37),
        ),
      ),
      { target: 'y', seed: 0 },
    );
    expect([reg.problem.spec.task, reg.problem.spec.metric]).toEqual(['regression', 'rmse']);
    expect(binary.notes.find((n) => n.kind === 'task')?.message).toMatch(/^task binary: /);
  });

  it('takes a metric as users write it and refuses one that does not fit the task', () => {
    expect(metricId('ROC_AUC')).toBe('roc-auc');
    expect(metricLabel('balanced-accuracy')).toBe('balanced_accuracy');
    const data = frame(
      num(
        'x',
        rows(40, (i) => i % 5),
      ),
      num(
        'y',
        rows(40, (i) => i),
      ),
    );
    expect(prepareProblem(data, { target: 'y', metric: 'mae', seed: 0 }).problem.spec.metric).toBe('mae');
    expect(() => prepareProblem(data, { target: 'y', metric: 'roc_auc', seed: 0 })).toThrow(/does not apply to a regression task/);
    expect(() => prepareProblem(data, { target: 'y', metric: 'nope', seed: 0 })).toThrow(/unknown metric/);
  });

  it('drops constant and id-like columns with a note, and keeps the rest', () => {
    const n = 100;
    const data = frame(
      num(
        'row_id',
        rows(n, (i) => 1000 + 10 * i),
      ),
      cat(
        'code',
        rows(n, (i) => `u${i}`),
      ),
      num(
        'same',
        rows(n, () => 3),
      ),
      num(
        'lot',
        rows(n, (i) => (i * 7919) % 1000),
      ),
      cat(
        'color',
        rows(n, (i) => ['r', 'g', 'b'][i % 3] as string),
      ),
      num(
        'y',
        rows(n, (i) => i % 10),
      ),
    );
    const { problem, notes } = prepareProblem(data, { target: 'y', seed: 0 });
    expect(problem.spec.drop).toEqual(['row_id', 'code', 'same']);
    expect(problem.frame.columnNames).toEqual(['lot', 'color', 'y']);
    expect(notes.filter((x) => x.kind === 'id-like').map((x) => x.column)).toEqual(['row_id', 'code']);
    expect(notes.filter((x) => x.kind === 'constant').map((x) => x.column)).toEqual(['same']);
  });

  it('refuses a missing target, one class, an all-missing feature and a text regression target', () => {
    const x = num(
      'x',
      rows(30, (i) => i % 4),
    );
    expect(() =>
      prepareProblem(
        frame(
          x,
          num(
            'y',
            rows(30, (i) => i),
          ),
        ),
        { target: 'z', seed: 0 },
      ),
    ).toThrow(expect.objectContaining({ code: 'MLP_ML_UNKNOWN_TARGET' }));
    expect(() =>
      prepareProblem(
        frame(
          x,
          cat(
            'y',
            rows(30, () => 'only'),
          ),
        ),
        { target: 'y', seed: 0 },
      ),
    ).toThrow(expect.objectContaining({ code: 'MLP_ML_BAD_TRAINING_DATA' }));
    const empty = num(
      'e',
      rows(30, () => Number.NaN),
    );
    expect(() =>
      prepareProblem(
        frame(
          x,
          empty,
          num(
            'y',
            rows(30, (i) => i),
          ),
        ),
        { target: 'y', seed: 0 },
      ),
    ).toThrow(/feature "e" has no value/);
    expect(() =>
      prepareProblem(
        frame(
          x,
          cat(
            'y',
            rows(30, (i) => `v${i % 3}`),
          ),
        ),
        { target: 'y', task: 'regression', seed: 0 },
      ),
    ).toThrow(/regression target must be numeric/);
  });

  it('validates temporally by the only date/time column, never training on the future', () => {
    const n = 80;
    const days = rows(n, (i) => i).map((i) => new Date(Date.UTC(2020, 0, 1 + ((i * 17) % n))).toISOString().slice(0, 10));
    const data = frame(
      dt('day', days),
      num(
        'x',
        rows(n, (i) => i % 9),
      ),
      num(
        'y',
        rows(n, (i) => i % 5),
      ),
    );
    const { problem } = prepareProblem(data, { target: 'y', seed: 0 });
    expect(problem.spec.validation).toMatchObject({ strategy: 'temporal', kind: 'cv', timeColumn: 'day' });
    const day = problem.frame.column('day');
    if (day.type !== 'datetime') throw new Error('expected a datetime column');
    for (const split of problem.splits) {
      const lastTrain = Math.max(...Array.from(split.train, (r) => day.values[r] as number));
      const firstTest = Math.min(...Array.from(split.test, (r) => day.values[r] as number));
      expect(lastTrain).toBeLessThan(firstTest);
    }
  });

  it('pools repeated k-fold validation rows so every row is predicted once per repeat, by different folds', async () => {
    const data = frame(
      num(
        'x',
        rows(50, (i) => i % 6),
      ),
      cat(
        'y',
        rows(50, (i) => (i % 3 === 0 ? 'a' : 'b')),
      ),
    );
    const { problem } = prepareProblem(data, { target: 'y', seed: 3 });
    expect(problem.spec.validation).toEqual({ strategy: 'stratified', kind: 'cv', folds: 5, repeats: 3 });
    expect(problem.splits).toHaveLength(15);
    const once = rows(50, (i) => i);
    expect(Array.from(problem.validationRows).sort((a, b) => a - b)).toEqual(once.flatMap((i) => [i, i, i]));
    for (let r = 0; r < 3; r++) {
      const repeat = problem.validationRows.slice(r * 50, (r + 1) * 50);
      expect(Array.from(repeat).sort((a, b) => a - b)).toEqual(once);
    }
    expect(Array.from(problem.splits[0]?.test ?? [])).not.toEqual(Array.from(problem.splits[5]?.test ?? []));
  });
});

describe('chooseValidation', () => {
  it('goes from 5 folds to 3 to a holdout as rows grow, temporal with a time column', () => {
    expect(chooseValidation(1000, 'binary', undefined)).toEqual({ strategy: 'stratified', kind: 'cv', folds: 5, repeats: 3 });
    // Repeats triple a trial's cost: a budget of a few seconds gets one draw of the folds.
    expect(chooseValidation(1000, 'binary', undefined, 29)).toEqual({ strategy: 'stratified', kind: 'cv', folds: 5 });
    expect(chooseValidation(1000, 'binary', undefined, 30)).toEqual({ strategy: 'stratified', kind: 'cv', folds: 5, repeats: 3 });
    expect(chooseValidation(5000, 'binary', undefined)).toEqual({ strategy: 'stratified', kind: 'cv', folds: 5 });
    expect(chooseValidation(5001, 'regression', undefined)).toEqual({ strategy: 'random', kind: 'cv', folds: 3 });
    expect(chooseValidation(20_001, 'multiclass', undefined)).toEqual({ strategy: 'stratified', kind: 'holdout', folds: 1, fraction: 0.2 });
    expect(chooseValidation(100, 'regression', 't')).toEqual({ strategy: 'temporal', kind: 'cv', folds: 3, timeColumn: 't' });
    expect(chooseValidation(50_000, 'regression', 't')).toMatchObject({ strategy: 'temporal', kind: 'holdout', timeColumn: 't' });
  });
});
