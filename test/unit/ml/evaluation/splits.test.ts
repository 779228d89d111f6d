import { describe, expect, it } from 'vitest';

import {
  assignFoldsStratified,
  assignGroupFolds,
  foldSplit,
  groupHoldoutSplit,
  holdoutSplit,
  temporalFolds,
  temporalHoldoutSplit,
} from '../../../../src/ml/index.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const sorted = (a: Int32Array): boolean => a.every((v, i) => i === 0 || (a[i - 1] as number) < v);

function expectPartition(split: { train: Int32Array; test: Int32Array }, rows: number): void {
  expect(sorted(split.train) && sorted(split.test)).toBe(true);
  expect([...split.train, ...split.test].sort((a, b) => a - b)).toEqual(range(rows));
}

describe('holdoutSplit', () => {
  it('holds out the fraction of every class, seeded, as a partition of the rows', () => {
    const strata = Int32Array.from(range(100), (i) => (i < 70 ? 0 : 1));
    const split = holdoutSplit(100, 0.2, 7, strata);
    expectPartition(split, 100);
    expect([...split.test].filter((i) => i < 70)).toHaveLength(14);
    expect([...split.test].filter((i) => i >= 70)).toHaveLength(6);
    expect(holdoutSplit(100, 0.2, 7, strata)).toEqual(split);
    expect(holdoutSplit(100, 0.2, 8, strata).test).not.toEqual(split.test);
  });

  it.each([0, 1, -0.5, Number.NaN])('refuses the fraction %s', (fraction) => {
    expect(() => holdoutSplit(10, fraction, 0)).toThrow(expect.objectContaining({ code: 'MLP_CORE_VALIDATION' }));
  });
});

describe('assignFoldsStratified', () => {
  it('spreads each class evenly over the folds and balances fold sizes', () => {
    const strata = Int32Array.from(range(103), (i) => i % 3);
    const fold = assignFoldsStratified(103, 5, 1, strata);
    const sizes = [0, 0, 0, 0, 0];
    const perClass = [0, 1, 2].map(() => [0, 0, 0, 0, 0]);
    fold.forEach((f, i) => {
      sizes[f]!++;
      perClass[strata[i]!]![f]!++;
    });
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const counts of perClass) expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    for (let k = 0; k < 5; k++) expectPartition(foldSplit(fold, k), 103);
  });

  it('refuses fewer than 2 folds or more folds than rows', () => {
    expect(() => assignFoldsStratified(4, 1, 0)).toThrow(/folds/);
    expect(() => assignFoldsStratified(4, 5, 0)).toThrow(/folds/);
  });
});

describe('grouped splits', () => {
  // 8 groups of sizes 1..8 (36 rows), interleaved so no group is contiguous
  const groups = Int32Array.from(
    range(36),
    (i) => [0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7][(i * 7) % 36]!,
  );

  it('never puts a group in two folds and balances fold sizes by placing the largest groups first', () => {
    const fold = assignGroupFolds(groups, 3, 0);
    const foldOf = new Map<number, number>();
    groups.forEach((g, i) => {
      expect(foldOf.get(g) ?? fold[i]).toBe(fold[i]);
      foldOf.set(g, fold[i]!);
    });
    // Largest first into the lightest fold (lowest on a tie): 8→0, 7→1, 6→2, 5→2 (11), 4→1 (11), 3→0 (11),
    // 2→0 (13), 1→1 (12).
    const sizes = [0, 1, 2].map((k) => [...fold].filter((f) => f === k).length);
    expect(sizes).toEqual([13, 12, 11]);
  });

  it('holds out whole groups until the fraction is reached, keeping one for training', () => {
    const split = groupHoldoutSplit(groups, 0.25, 3);
    expectPartition(split, 36);
    const testGroups = new Set([...split.test].map((i) => groups[i]));
    const trainGroups = new Set([...split.train].map((i) => groups[i]));
    expect([...testGroups].filter((g) => trainGroups.has(g))).toEqual([]);
    expect(split.test.length).toBeGreaterThanOrEqual(9);
    expect(() => groupHoldoutSplit(new Int32Array(5), 0.2, 0)).toThrow(/at least 2 distinct groups/);
  });
});

describe('temporal splits', () => {
  it('validates on the latest rows and keeps rows of one instant on one side', () => {
    // row i happens at time t[i]; three rows share the boundary time 5
    const t = Float64Array.from([9, 1, 5, 2, 5, 3, 5, 8, 4, 7]);
    const split = temporalHoldoutSplit(t, 0.5);
    expectPartition(split, 10);
    const latestTrain = Math.max(...[...split.train].map((i) => t[i]!));
    const earliestTest = Math.min(...[...split.test].map((i) => t[i]!));
    expect(latestTrain).toBeLessThan(earliestTest);
    // the cut at 5 rows lands on time 5; all three rows at 5 go to the future side
    expect([...split.test].map((i) => t[i]).sort()).toEqual([5, 5, 5, 7, 8, 9]);
  });

  // scikit-learn's TimeSeriesSplit on distinct ordered times, from:
  // /usr/bin/python3 -c "from sklearn.model_selection import TimeSeriesSplit; import numpy as np;
  //   print([(list(a), list(b)) for a, b in TimeSeriesSplit(n_splits=K).split(np.zeros(N))])"
  it.each([
    [
      10,
      3,
      [
        [
          [0, 1, 2, 3],
          [4, 5],
        ],
        [
          [0, 1, 2, 3, 4, 5],
          [6, 7],
        ],
        [
          [0, 1, 2, 3, 4, 5, 6, 7],
          [8, 9],
        ],
      ],
    ],
    [
      11,
      4,
      [
        [
          [0, 1, 2],
          [3, 4],
        ],
        [
          [0, 1, 2, 3, 4],
          [5, 6],
        ],
        [
          [0, 1, 2, 3, 4, 5, 6],
          [7, 8],
        ],
        [
          [0, 1, 2, 3, 4, 5, 6, 7, 8],
          [9, 10],
        ],
      ],
    ],
    [
      7,
      2,
      [
        [
          [0, 1, 2],
          [3, 4],
        ],
        [
          [0, 1, 2, 3, 4],
          [5, 6],
        ],
      ],
    ],
  ])('matches scikit-learn TimeSeriesSplit for %i distinct times and %i folds', (n, k, expected) => {
    const splits = temporalFolds(
      Float64Array.from(range(n), (i) => 1000 + i),
      k,
    );
    expect(splits.map((s) => [[...s.train], [...s.test]])).toEqual(expected);
  });

  it('moves fold cuts to time boundaries and keeps every fold non-empty', () => {
    const t = Float64Array.from([1, 1, 1, 1, 2, 3, 3, 3, 4, 5]);
    const splits = temporalFolds(t, 3);
    for (const s of splits) {
      expect(s.test.length).toBeGreaterThan(0);
      expect(Math.max(...[...s.train].map((i) => t[i]!))).toBeLessThan(Math.min(...[...s.test].map((i) => t[i]!)));
    }
    expect(() => temporalFolds(Float64Array.from([1, 1, 2]), 2)).toThrow(/distinct times/);
  });

  it('refuses a missing time or a single instant', () => {
    expect(() => temporalHoldoutSplit(Float64Array.from([1, Number.NaN, 3]), 0.3)).toThrow(/row 1 has no time/);
    expect(() => temporalHoldoutSplit(Float64Array.from([4, 4, 4]), 0.3)).toThrow(/same time/);
  });
});
