/**
 * Platt and isotonic calibrators against scikit-learn (fixtures from test/fixtures/ml/metrics/make_fixtures.py)
 * plus properties and round trips.
 *
 * Platt tolerance: sklearn minimises with BFGS and stops at a gradient of 1e-5, so its (a, b) sit up to ~5e-6
 * from the true optimum (the fixture records the gradient norm it stopped at). We run Newton to convergence, so
 * we compare (a, b) with the optimum refined by Newton in the fixture script at 1e-9, and with sklearn's own
 * (a, b) and predicted probabilities at 1e-5 absolute.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BundleInvalidError, MetricInputError } from '../../../../src/core/index.js';
import { fitIsotonic, fitPlatt, poolAdjacentViolators, restoreCalibrator } from '../../../../src/ml/calibration/index.js';

interface CalCase {
  name: string;
  fn: string;
  args: { scores: number[]; y: number[]; weights?: number[] };
  expected: Record<string, number | number[]>;
}

const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/ml/metrics/metrics.json', import.meta.url), 'utf8')) as {
  cases: CalCase[];
};
const plattCases = fixture.cases.filter((c) => c.fn === 'fitPlatt');
const isotonicCases = fixture.cases.filter((c) => c.fn === 'fitIsotonic');

function close(actual: number, expected: number, rel: number, abs: number, where: string): void {
  if (!(Math.abs(actual - expected) <= rel * Math.abs(expected) + abs)) expect.fail(`${where}: got ${actual}, expected ${expected}`);
}

describe('fitPlatt', () => {
  it('has fixture cases', () => {
    expect(plattCases.length).toBeGreaterThanOrEqual(5);
    expect(isotonicCases.length).toBeGreaterThanOrEqual(5);
  });

  it.each(plattCases.map((c) => [c.name, c] as const))('%s reaches the optimum of sklearn _sigmoid_calibration', (_n, c) => {
    const cal = fitPlatt(c.args.scores, c.args.y, c.args.weights);
    expect(cal.kind).toBe('platt');
    if (cal.kind !== 'platt') return;
    const e = c.expected as Record<string, number>;
    close(cal.params.a, e.aOpt as number, 1e-9, 1e-12, 'a vs refined optimum');
    close(cal.params.b, e.bOpt as number, 1e-9, 1e-12, 'b vs refined optimum');
    close(cal.params.a, e.a as number, 0, 1e-5, 'a vs sklearn BFGS');
    close(cal.params.b, e.b as number, 0, 1e-5, 'b vs sklearn BFGS');
    const probe = c.expected.probe as number[];
    const want = c.expected.probeExpected as number[];
    const got = cal.apply(probe);
    probe.forEach((_, i) => close(got[i] as number, want[i] as number, 0, 1e-5, `apply(probe[${i}]) vs sklearn predict`));
  });

  it('maps higher scores to higher probabilities when positives score higher, and survives a JSON round trip', () => {
    const scores = [-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3, 1.5, -1.5, 0.2];
    const y = [0, 0, 0, 1, 0, 1, 1, 1, 1, 0, 0, 1];
    const cal = fitPlatt(scores, y);
    const p = cal.apply([-5, 0, 5]);
    expect(p[0]).toBeLessThan(p[1] as number);
    expect(p[1]).toBeLessThan(p[2] as number);
    const restored = restoreCalibrator(JSON.parse(JSON.stringify(cal)), 'model.json#calibrator');
    expect(restored.toJSON()).toEqual(cal.toJSON());
    expect(Array.from(restored.apply(scores))).toEqual(Array.from(cal.apply(scores)));
  });

  it('handles all-equal scores (a·s + b is then only identified as a whole) with the smoothed class rate', () => {
    const cal = fitPlatt([1, 1, 1, 1], [1, 0, 1, 1]);
    // The optimum puts P at the mean smoothed target: (3·(4/5) + 1·(1/3)) / 4.
    close(cal.apply([1])[0] as number, (3 * 0.8 + 1 / 3) / 4, 1e-9, 0, 'P at the constant score');
  });
});

describe('fitIsotonic', () => {
  it.each(isotonicCases.map((c) => [c.name, c] as const))('%s matches sklearn IsotonicRegression(out_of_bounds=clip)', (_n, c) => {
    const cal = fitIsotonic(c.args.scores, c.args.y, c.args.weights);
    expect(cal.kind).toBe('isotonic');
    if (cal.kind !== 'isotonic') return;
    const ex = c.expected.x as number[];
    const ey = c.expected.y as number[];
    expect(cal.params.x.length).toBe(ex.length);
    ex.forEach((v, i) => close(cal.params.x[i] as number, v, 0, 0, `x[${i}]`));
    ey.forEach((v, i) => close(cal.params.y[i] as number, v, 1e-12, 1e-15, `y[${i}]`));
    const probe = c.expected.probe as number[];
    const want = c.expected.probeExpected as number[];
    const got = cal.apply(probe);
    probe.forEach((_, i) => close(got[i] as number, want[i] as number, 1e-12, 1e-15, `apply(probe[${i}])`));
  });

  it('pool-adjacent-violators returns a non-decreasing fit that keeps the weighted mean', () => {
    const y = Float64Array.from([3, 1, 2, 5, 4, 4, 0, 6]);
    const w = Float64Array.from([1, 2, 1, 1, 3, 1, 1, 2]);
    const before = y.reduce((s, v, i) => s + v * (w[i] as number), 0);
    const fit = Float64Array.from(y);
    poolAdjacentViolators(fit, Float64Array.from(w));
    for (let i = 1; i < fit.length; i++) expect(fit[i]).toBeGreaterThanOrEqual(fit[i - 1] as number);
    close(
      fit.reduce((s, v, i) => s + v * (w[i] as number), 0),
      before,
      1e-12,
      0,
      'weighted mean kept',
    );
    // Hand-computed: (3, 1 | w 1, 2) pools to 5/3 < 2; (5, 4, 4 | w 1, 3, 1) pools to 21/5, then with (0 | w 1)
    // to 21/6 = 3.5 > 2; 6 stays.
    const want = [5 / 3, 5 / 3, 2, 3.5, 3.5, 3.5, 3.5, 6];
    want.forEach((v, i) => close(fit[i] as number, v, 1e-15, 0, `fit[${i}]`));
  });

  it('clips scores outside the fitted range to the end values', () => {
    const cal = fitIsotonic([0.2, 0.4, 0.6, 0.8], [0, 0, 1, 1]);
    expect(Array.from(cal.apply([-10, 0.2, 0.5, 0.8, 10]))).toEqual([0, 0, 0.5, 1, 1]);
  });
});

describe('calibrator input and restore errors', () => {
  it('rejects bad fit input with MLP_ML_METRIC_INPUT naming the argument', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => fitPlatt([], []), 'scores'],
      [() => fitPlatt([1, 2], [0]), 'y'],
      [() => fitPlatt([1, Number.NaN], [0, 1]), 'scores'],
      [() => fitIsotonic([1, 2], [0, 2]), 'y'],
      [() => fitIsotonic([1, 2], [0, 1], [1]), 'weights'],
      [() => fitIsotonic([1, 2], [0, 1], [0, 0]), 'weights'],
      [() => fitIsotonic([1, 2], [0, 1]).apply([Number.POSITIVE_INFINITY]), 'scores'],
    ];
    for (const [run, argument] of cases) {
      let caught: unknown;
      try {
        run();
      } catch (error) {
        caught = error;
      }
      expect(MetricInputError.is(caught)).toBe(true);
      expect((caught as { details: { argument: string } }).details.argument).toBe(argument);
    }
  });

  it('rejects malformed stored calibrators with MLP_ML_BUNDLE_INVALID', () => {
    const bad: unknown[] = [
      null,
      { kind: 'platt', params: { a: 'x', b: 0 } },
      { kind: 'isotonic', params: { x: [0, 0], y: [0, 1] } },
      { kind: 'isotonic', params: { x: [0, 1], y: [0.5, 0.2] } },
      { kind: 'isotonic', params: { x: [0, 1], y: [0, 1.5] } },
      { kind: 'isotonic', params: { x: [], y: [] } },
      { kind: 'beta', params: {} },
    ];
    for (const state of bad) {
      let caught: unknown;
      try {
        restoreCalibrator(state, 'bundle/manifest.json#calibrator');
      } catch (error) {
        caught = error;
      }
      expect(BundleInvalidError.is(caught), JSON.stringify(state)).toBe(true);
      expect((caught as Error).message).toContain('bundle/manifest.json#calibrator');
    }
  });
});
