import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  configurationKey,
  ENCODING_PARAM,
  ENCODINGS,
  greedyPortfolio,
  learnerParams,
  normalisedLosses,
  portfolioFor,
} from '../../../src/automl/index.js';
import type { Configuration } from '../../../src/automl/index.js';
import type { Task } from '../../../src/core/index.js';
import { createLearnerRegistry } from '../../../src/ml/index.js';

const TASKS: readonly Task[] = ['binary', 'multiclass', 'regression'];

describe('normalisedLosses', () => {
  it('maps each dataset’s best loss to 0 and worst to 1, failures to 1 and a flat row to 0', () => {
    expect(
      normalisedLosses([
        [2, 6, 4, null, Number.NaN],
        [3, 3, 3, 3, 3],
      ]),
    ).toEqual([
      [0, 1, 0.5, 1, 1],
      [0, 0, 0, 0, 0],
    ]);
  });
});

describe('greedyPortfolio', () => {
  // Normalised: d0 [0, 1, 0.4, 1], d1 [1, 0, 0.4, 1], d2 [1, 1, 0, 1 (failed)].
  // Round 1 sums of per-dataset minima: c0 2, c1 2, c2 0.8, c3 3 → c2 (best [0.4, 0.4, 0]).
  // Round 2: c0 0.4, c1 0.4 (tie → lower index), c3 0.8 → c0 (best [0, 0.4, 0]).
  // Round 3: c1 0, c3 0.4 → c1; then c3 cannot lower 0 and the construction stops.
  const losses = [
    [0, 10, 4, 10],
    [10, 0, 4, 10],
    [10, 10, 3, null],
  ];

  it('adds the candidate that most lowers the mean best normalised loss, in the hand-computed order', () => {
    expect(greedyPortfolio(losses, 12)).toEqual([2, 0, 1]);
  });

  it('stops at maxEntries', () => {
    expect(greedyPortfolio(losses, 2)).toEqual([2, 0]);
    expect(greedyPortfolio(losses, 0)).toEqual([]);
  });

  it('judges each dataset on its own scale (a large-loss dataset does not dominate)', () => {
    // c0 wins d0 by 1000 units, c1 wins d1 and d2 by 0.1: normalised, c1 covers more.
    expect(
      greedyPortfolio(
        [
          [0, 1000],
          [0.2, 0.1],
          [0.2, 0.1],
        ],
        1,
      ),
    ).toEqual([1]);
  });

  it('chooses nothing without datasets or when every candidate failed', () => {
    expect(greedyPortfolio([], 12)).toEqual([]);
    expect(greedyPortfolio([[null, null]], 12)).toEqual([]);
  });
});

describe('portfolioFor', () => {
  const learners = createLearnerRegistry();

  for (const task of TASKS) {
    it(`gives ${task} entries valid for their learners`, () => {
      const entries = portfolioFor(task);
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.length).toBeLessThanOrEqual(12);
      expect(new Set(entries.map(configurationKey)).size).toBe(entries.length);
      for (const entry of entries) {
        expect(learners.has(entry.learner)).toBe(true);
        const learner = learners.get(entry.learner);
        expect(learner.capabilities.tasks).toContain(task);
        const parsed = learner.params.safeParse(learnerParams(entry));
        expect(parsed.success, `${configurationKey(entry)}: ${parsed.error?.message ?? ''}`).toBe(true);
        for (const [name, value] of Object.entries(entry.params).filter(([n]) => n.startsWith('@'))) {
          expect(name).toBe(ENCODING_PARAM);
          expect(ENCODINGS).toContain(value);
          expect(learner.capabilities.handlesCategorical).toBe(false);
        }
      }
    });
  }

  it('is the greedy choice over the saved evaluation matrix', () => {
    const matrix = JSON.parse(readFileSync(new URL('../../../scripts/data/automl-portfolio-matrix.json', import.meta.url), 'utf8')) as {
      tasks: Record<Task, { candidates: Configuration[]; datasets: Array<{ losses: (number | null)[] }> }>;
    };
    for (const task of TASKS) {
      const { candidates, datasets } = matrix.tasks[task];
      const chosen = greedyPortfolio(
        datasets.map((d) => d.losses),
        12,
      );
      expect(portfolioFor(task).map(configurationKey)).toEqual(chosen.map((c) => configurationKey(candidates[c] as Configuration)));
    }
  });
});
