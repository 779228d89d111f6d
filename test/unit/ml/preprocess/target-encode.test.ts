import { describe, expect, it } from 'vitest';

import { assignFolds, parseStepOptions, targetEncodeStep } from '../../../../src/ml/preprocess/index.js';
import type { TrainingTarget } from '../../../../src/ml/learner.js';
import { cat, frame, numbers } from '../../../fixtures/ml/preprocess/frames.js';

const SEED = 7;

function fitTe(levels: Array<string | null>, target: TrainingTarget, options: Record<string, unknown> = {}) {
  return targetEncodeStep.fit(frame(cat('c', levels)), parseStepOptions(targetEncodeStep, options), { seed: SEED, target });
}

/** Independent m-estimate over the rows `use` (indices): per-row target values `t`. */
function naive(levels: Array<string | null>, t: number[], use: number[], level: string | null, m: number): number {
  const prior = use.reduce((s, j) => s + (t[j] as number), 0) / use.length;
  const rows = use.filter((j) => levels[j] === level);
  if (rows.length === 0) return prior;
  return (rows.reduce((s, j) => s + (t[j] as number), 0) + m * prior) / (rows.length + m);
}

describe('target-encode', () => {
  const levels: Array<string | null> = ['a', 'a', 'a', 'b', 'b', null, 'a', 'b', 'c', 'a', 'b', null];
  const y = [1, 2, 3, 10, 20, 5, 4, 12, 100, 0, 14, 6];
  const regression: TrainingTarget = { task: 'regression', y: Float64Array.from(y) };

  it('encodes later frames with smoothed full-training means, missing as a level and unseen as the prior', () => {
    const { fitted } = fitTe(levels, regression, { smoothing: 2 });
    const all = y.map((_, i) => i);
    const out = numbers(fitted.transform(frame(cat('c', ['a', 'b', null, 'zzz', 'c']))), 'c.te');
    const prior = y.reduce((s, v) => s + v, 0) / y.length;
    // a: rows 0,1,2,6,9 sum 10 count 5
    expect(out[0]).toBeCloseTo((10 + 2 * prior) / 7, 12);
    expect(out[1]).toBeCloseTo(naive(levels, y, all, 'b', 2), 12);
    expect(out[2]).toBeCloseTo((11 + 2 * prior) / 4, 12);
    expect(out[3]).toBeCloseTo(prior, 12);
    expect(out[4]).toBeCloseTo((100 + 2 * prior) / 3, 12);
  });

  it('encodes each training row out of fold: only targets of the other folds are used', () => {
    const { output } = fitTe(levels, regression, { smoothing: 2, folds: 3 });
    const fold = assignFolds(levels.length, 3, SEED);
    const out = numbers(output, 'c.te');
    levels.forEach((level, i) => {
      const others = y.map((_, j) => j).filter((j) => fold[j] !== fold[i]);
      expect(out[i]).toBeCloseTo(naive(levels, y, others, level, 2), 12);
    });
  });

  it("never uses a row's own target: changing it leaves the row's training encoding unchanged (in-fold would move)", () => {
    const base = fitTe(levels, regression, { smoothing: 1, folds: 4 });
    for (const i of [0, 3, 5, 8]) {
      const changed = Float64Array.from(y);
      changed[i] = 1e6;
      const moved = fitTe(levels, { task: 'regression', y: changed }, { smoothing: 1, folds: 4 });
      expect(numbers(moved.output, 'c.te')[i]).toBe(numbers(base.output, 'c.te')[i]);
      // the full-training (in-fold) encoding of the same row does depend on it
      const inFold = (r: typeof base) => numbers(r.fitted.transform(frame(cat('c', levels))), 'c.te')[i];
      expect(inFold(moved)).not.toBe(inFold(base));
    }
  });

  it('binary targets encode P(class 1); multiclass gives one column per class', () => {
    const yb = Int32Array.from([1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0]);
    const binary = fitTe(levels, { task: 'binary', y: yb, classes: ['no', 'yes'] }, { smoothing: 0 });
    const b = numbers(binary.fitted.transform(frame(cat('c', ['a', 'c']))), 'c.te');
    expect(b).toEqual([4 / 5, 1]); // a: rows 0,1,2,6,9 have targets 1,0,1,1,1; c: row 8 has 1
    const ym = Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
    const multi = fitTe(levels, { task: 'multiclass', y: ym, classes: ['x', 'y', 'z'] }, { smoothing: 0 });
    expect(multi.output.columnNames).toEqual(['c.te=x', 'c.te=y', 'c.te=z']);
    const m = multi.fitted.transform(frame(cat('c', ['b'])));
    // b: rows 3,4,7,10 → classes 0,1,1,1
    expect(['c.te=x', 'c.te=y', 'c.te=z'].map((n) => numbers(m, n)[0])).toEqual([0.25, 0.75, 0]);
  });

  it('refuses to fit without a target or with fewer rows than folds', () => {
    expect(() => targetEncodeStep.fit(frame(cat('c', ['a'])), parseStepOptions(targetEncodeStep, {}), { seed: 1 })).toThrow(
      /needs the training target/,
    );
    expect(() => fitTe(['a', 'b'], { task: 'regression', y: Float64Array.from([1, 2]) })).toThrow(/at least 5 training rows/);
  });

  it('assigns folds of equal size (±1), deterministically per seed', () => {
    const f = assignFolds(103, 5, 42);
    const sizes = [0, 0, 0, 0, 0];
    for (const v of f) sizes[v] = (sizes[v] as number) + 1;
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(assignFolds(103, 5, 42)).toEqual(f);
    expect(assignFolds(103, 5, 43)).not.toEqual(f);
  });
});
