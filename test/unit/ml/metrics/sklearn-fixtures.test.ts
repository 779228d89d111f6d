/**
 * Every metric against scikit-learn on the golden fixtures in test/fixtures/ml/metrics/metrics.json
 * (regenerate with `/usr/bin/python3 test/fixtures/ml/metrics/make_fixtures.py`). Scalars and arrays must
 * agree to 1e-9 relative (+1e-12 absolute for values near zero): both sides do the same float64 arithmetic,
 * only summation order differs (numpy sums pairwise).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MetricInputError } from '../../../../src/core/index.js';
import {
  accuracyScore,
  averagePrecisionScore,
  balancedAccuracyScore,
  brierScore,
  calibrationCurve,
  cohenKappaScore,
  confusionMatrix,
  expectedCalibrationError,
  logLoss,
  matthewsCorrcoef,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanPoissonDeviance,
  meanSquaredError,
  medianAbsoluteError,
  prAucScore,
  precisionRecallCurve,
  precisionRecallFscore,
  r2Score,
  rocAucScore,
  rocCurve,
  rootMeanSquaredError,
} from '../../../../src/ml/metrics/index.js';
import type { Average } from '../../../../src/ml/metrics/index.js';

type Json = null | number | string | boolean | Json[] | { [key: string]: Json };
interface FixtureCase {
  name: string;
  fn: string;
  args: Record<string, Json>;
  expected: Json;
}
interface Fixture {
  meta: Record<string, string>;
  cases: FixtureCase[];
}

/** Loads metrics.json; NaN is stored as null and ±Infinity as strings. */
function loadFixture(): Fixture {
  const url = new URL('../../../fixtures/ml/metrics/metrics.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Fixture;
}

const num = (v: Json | undefined): number =>
  v === null ? Number.NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : (v as number);
const arr = (v: Json | undefined): number[] => (v as Json[]).map(num);
const opt = (v: Json | undefined): number[] | undefined => (v === undefined ? undefined : arr(v));

type Result = number | Record<string, number | ArrayLike<number>>;
const dispatch: Record<string, (a: Record<string, Json>) => Result> = {
  accuracyScore: (a) => accuracyScore(arr(a.yTrue), arr(a.yPred), { sampleWeight: opt(a.sampleWeight) }),
  balancedAccuracyScore: (a) =>
    balancedAccuracyScore(arr(a.yTrue), arr(a.yPred), { sampleWeight: opt(a.sampleWeight), adjusted: a.adjusted === true }),
  precisionRecallFscore: (a) => {
    const r = precisionRecallFscore(arr(a.yTrue), arr(a.yPred), {
      average: a.average as Average,
      zeroDivision: a.zeroDivision === undefined ? undefined : (a.zeroDivision as 0 | 1),
      beta: a.beta === undefined ? undefined : num(a.beta),
      posLabel: a.posLabel === undefined ? undefined : num(a.posLabel),
      labels: opt(a.labels),
      sampleWeight: opt(a.sampleWeight),
    });
    return { precision: r.precision, recall: r.recall, fScore: r.fScore };
  },
  matthewsCorrcoef: (a) => matthewsCorrcoef(arr(a.yTrue), arr(a.yPred), { sampleWeight: opt(a.sampleWeight) }),
  cohenKappaScore: (a) =>
    cohenKappaScore(arr(a.yTrue), arr(a.yPred), {
      weights: a.weights as 'none' | 'linear' | 'quadratic',
      labels: opt(a.labels),
      sampleWeight: opt(a.sampleWeight),
    }),
  confusionMatrix: (a) => {
    const r = confusionMatrix(arr(a.yTrue), arr(a.yPred), {
      labels: opt(a.labels),
      normalize: a.normalize as 'true' | 'pred' | 'all' | undefined,
      sampleWeight: opt(a.sampleWeight),
    });
    return { labels: r.labels, matrix: r.matrix };
  },
  rocAucScore: (a) =>
    rocAucScore(arr(a.yTrue), arr(a.score), {
      nClasses: a.nClasses === undefined ? undefined : num(a.nClasses),
      average: a.average as 'macro' | 'weighted' | 'micro' | undefined,
      multiClass: a.multiClass as 'ovr' | 'ovo' | undefined,
      sampleWeight: opt(a.sampleWeight),
    }),
  averagePrecisionScore: (a) =>
    averagePrecisionScore(arr(a.yTrue), arr(a.score), {
      nClasses: a.nClasses === undefined ? undefined : num(a.nClasses),
      average: a.average as 'macro' | 'weighted' | 'micro' | undefined,
      sampleWeight: opt(a.sampleWeight),
    }),
  prAucScore: (a) => prAucScore(arr(a.yTrue), arr(a.score), { sampleWeight: opt(a.sampleWeight) }),
  rocCurve: (a) => {
    const r = rocCurve(arr(a.yTrue), arr(a.score), { sampleWeight: opt(a.sampleWeight) });
    return { fpr: r.fpr, tpr: r.tpr, thresholds: r.thresholds };
  },
  precisionRecallCurve: (a) => {
    const r = precisionRecallCurve(arr(a.yTrue), arr(a.score), { sampleWeight: opt(a.sampleWeight) });
    return { precision: r.precision, recall: r.recall, thresholds: r.thresholds };
  },
  logLoss: (a) =>
    logLoss(arr(a.yTrue), arr(a.proba), {
      nClasses: a.nClasses === undefined ? undefined : num(a.nClasses),
      eps: a.eps === undefined ? undefined : num(a.eps),
      sampleWeight: opt(a.sampleWeight),
    }),
  brierScore: (a) =>
    brierScore(arr(a.yTrue), arr(a.proba), {
      nClasses: a.nClasses === undefined ? undefined : num(a.nClasses),
      sampleWeight: opt(a.sampleWeight),
    }),
  calibrationCurve: (a) => {
    const r = calibrationCurve(arr(a.yTrue), arr(a.proba), { nBins: num(a.nBins), strategy: a.strategy as 'uniform' | 'quantile' });
    return { probTrue: r.probTrue, probPred: r.probPred, counts: r.counts, edges: r.edges };
  },
  expectedCalibrationError: (a) =>
    expectedCalibrationError(arr(a.yTrue), arr(a.proba), {
      nBins: num(a.nBins),
      nClasses: a.nClasses === undefined ? undefined : num(a.nClasses),
      sampleWeight: opt(a.sampleWeight),
    }),
  meanSquaredError: (a) => meanSquaredError(arr(a.yTrue), arr(a.yPred), { sampleWeight: opt(a.sampleWeight) }),
  rootMeanSquaredError: (a) => rootMeanSquaredError(arr(a.yTrue), arr(a.yPred), { sampleWeight: opt(a.sampleWeight) }),
  meanAbsoluteError: (a) => meanAbsoluteError(arr(a.yTrue), arr(a.yPred), { sampleWeight: opt(a.sampleWeight) }),
  meanAbsolutePercentageError: (a) => meanAbsolutePercentageError(arr(a.yTrue), arr(a.yPred), { sampleWeight: opt(a.sampleWeight) }),
  r2Score: (a) => r2Score(arr(a.yTrue), arr(a.yPred), { sampleWeight: opt(a.sampleWeight) }),
  medianAbsoluteError: (a) => medianAbsoluteError(arr(a.yTrue), arr(a.yPred), { sampleWeight: opt(a.sampleWeight) }),
  meanPoissonDeviance: (a) => meanPoissonDeviance(arr(a.yTrue), arr(a.yPred), { sampleWeight: opt(a.sampleWeight) }),
};

/** |actual − expected| ≤ rel·|expected| + abs, with NaN only equal to NaN and infinities equal exactly. */
function expectClose(actual: number, expected: number, where: string, rel = 1e-9, abs = 1e-12): void {
  if (Number.isNaN(expected) || !Number.isFinite(expected)) {
    expect(actual, where).toBe(expected);
    return;
  }
  const ok = Math.abs(actual - expected) <= rel * Math.abs(expected) + abs;
  if (!ok) expect.fail(`${where}: got ${actual}, sklearn says ${expected} (diff ${actual - expected})`);
}

const fixture = loadFixture();
const metricCases = fixture.cases.filter((c) => c.fn in dispatch);

describe(`metrics agree with scikit-learn ${fixture.meta.sklearn} golden fixtures`, () => {
  it('the fixture covers every metric function and is not empty', () => {
    const covered = new Set(metricCases.map((c) => c.fn));
    expect([...covered].sort()).toEqual(Object.keys(dispatch).sort());
    expect(metricCases.length).toBeGreaterThan(500);
  });

  it.each(metricCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const run = dispatch[c.fn] as (a: Record<string, Json>) => Result;
    const expected = c.expected;
    if (expected !== null && typeof expected === 'object' && !Array.isArray(expected) && 'error' in expected) {
      let caught: unknown;
      try {
        run(c.args);
      } catch (error) {
        caught = error;
      }
      expect(MetricInputError.is(caught), `sklearn rejects this input (${String(expected.error)}); we must throw MLP_ML_METRIC_INPUT`).toBe(
        true,
      );
      return;
    }
    const actual = run(c.args);
    if (typeof actual === 'number') {
      expectClose(actual, num(expected), c.name);
      return;
    }
    const exp = expected as Record<string, Json>;
    for (const [key, value] of Object.entries(actual)) {
      const e = exp[key];
      if (typeof value === 'number') {
        expectClose(value, num(e), `${c.name}.${key}`);
      } else {
        const ea = arr(e);
        expect(value.length, `${c.name}.${key} length`).toBe(ea.length);
        for (let i = 0; i < ea.length; i++) expectClose(value[i] as number, ea[i] as number, `${c.name}.${key}[${i}]`);
      }
    }
  });
});
