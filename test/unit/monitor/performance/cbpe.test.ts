/**
 * CBPE: exact agreement of the estimator with an independent numpy/sklearn re-implementation of the expected
 * confusion matrix (scripts/monitor-fixtures/cbpe_reference.py), and on perfectly calibrated synthetic data
 * (labels drawn from the probabilities) estimates within a few standard errors of the realised metric.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../src/core/index.js';
import { loadPerformanceEngine, estimateCbpe, expectedMetrics, fitCbpe, windowedPerformance } from '../../../../src/monitor/index.js';
import type { CbpeMetric, ClassifierOutputs, RowWindow } from '../../../../src/monitor/index.js';

// The performance functions compute with the engine, which is loaded on demand.
await loadPerformanceEngine();

const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/monitor/performance/reference.json', import.meta.url), 'utf8')) as {
  cbpe: { nClasses: number; raw: number[]; calibrated: number[]; yPred: number[]; accuracy: number; f1: number; rocAuc: number }[];
};

describe('expectedMetrics', () => {
  it('equals the numpy/sklearn expected confusion matrix on binary, 3- and 5-class inputs with tied scores', () => {
    for (const c of fixture.cbpe) {
      const e = expectedMetrics(Float64Array.from(c.raw), Float64Array.from(c.calibrated), Float64Array.from(c.yPred), c.nClasses);
      expect(Math.abs((e.accuracy as number) - c.accuracy)).toBeLessThan(1e-13);
      expect(Math.abs((e.f1 as number) - c.f1)).toBeLessThan(1e-13);
      expect(Math.abs((e.rocAuc as number) - c.rocAuc)).toBeLessThan(1e-13);
    }
  });
  it('gives null for an empty range and for AUC when all expected mass is in one class', () => {
    expect(expectedMetrics(new Float64Array(0), new Float64Array(0), new Float64Array(0), 2)).toEqual({
      accuracy: null,
      f1: null,
      rocAuc: null,
    });
    const sure = Float64Array.from([0, 1, 0, 1]);
    expect(expectedMetrics(sure, sure, Float64Array.from([1, 1]), 2)).toEqual({ accuracy: 1, f1: 1, rocAuc: null });
  });
});

/** A population whose model probabilities are calibrated by construction: y ~ Categorical(p). */
function calibratedPopulation(n: number, k: number, seed: number, shift = 0): ClassifierOutputs & { yTrue: Float64Array } {
  const rng = seededRandom(seed);
  const proba = new Float64Array(n * k);
  const yTrue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // softmax of random logits; `shift` moves the inputs (covariate shift) towards confident rows
    let s = 0;
    for (let c = 0; c < k; c++) {
      const v = Math.exp(3 * (rng() + (c === 0 ? shift : 0)));
      proba[i * k + c] = v;
      s += v;
    }
    for (let c = 0; c < k; c++) proba[i * k + c] = (proba[i * k + c] as number) / s;
    let u = rng();
    let y = k - 1;
    for (let c = 0; c < k; c++) {
      u -= proba[i * k + c] as number;
      if (u < 0) {
        y = c;
        break;
      }
    }
    yTrue[i] = y;
  }
  return { task: 'classification', nClasses: k, proba, yTrue };
}

const realisedName: Record<CbpeMetric, 'accuracy' | 'f1' | 'roc-auc'> = { accuracy: 'accuracy', f1: 'f1', 'roc-auc': 'roc-auc' };

function zScores(k: number, shift: (j: number) => number): Record<CbpeMetric, number[]> {
  const reference = calibratedPopulation(3000, k, 100);
  const model = fitCbpe(reference, { seed: 1 });
  const z: Record<CbpeMetric, number[]> = { accuracy: [], f1: [], 'roc-auc': [] };
  for (let j = 0; j < 20; j++) {
    const window = calibratedPopulation(500, k, 200 + j, shift(j));
    const all: RowWindow[] = [{ start: 0, end: 500 }];
    const [est] = estimateCbpe(model, { ...window, yTrue: undefined }, all);
    const [real] = windowedPerformance(window, all, { metrics: ['accuracy', 'f1', 'roc-auc'], replicates: 10 });
    for (const e of est!.metrics) {
      const r = real!.metrics.find((m) => m.metric === realisedName[e.metric])!;
      z[e.metric].push(((e.value as number) - (r.value as number)) / (e.standardError as number));
    }
  }
  return z;
}

describe('fitCbpe + estimateCbpe on perfectly calibrated data', () => {
  for (const k of [2, 4]) {
    it(`keeps the estimate within 3 standard errors of the realised metric across 20 windows (${k} classes, covariate shift)`, () => {
      const z = zScores(k, (j) => (j < 10 ? 0 : 0.5));
      for (const metric of ['accuracy', 'f1', 'roc-auc'] as const) {
        const values = z[metric];
        // at most one window of 20 beyond 3 SE, none beyond 4; no systematic bias (mean z within ±1.2)
        expect(values.filter((v) => Math.abs(v) > 3).length, metric).toBeLessThanOrEqual(1);
        expect(Math.max(...values.map(Math.abs)), metric).toBeLessThan(4);
        expect(Math.abs(values.reduce((a, b) => a + b, 0) / values.length), metric).toBeLessThan(1.2);
      }
    });
  }

  it('calibrates over-confident scores (held-out ECE says so) and then estimates accuracy far better than raw scores', () => {
    // reported probabilities are the true ones sharpened (p² renormalised); labels follow the true ones
    const sharpen = (o: ClassifierOutputs & { yTrue: Float64Array }): ClassifierOutputs & { yTrue: Float64Array } => {
      const k = o.nClasses;
      const proba = Float64Array.from(o.proba as Float64Array);
      for (let i = 0; i < proba.length / k; i++) {
        let s = 0;
        for (let c = 0; c < k; c++) s += (proba[i * k + c] as number) ** 2;
        for (let c = 0; c < k; c++) proba[i * k + c] = (proba[i * k + c] as number) ** 2 / s;
      }
      return { ...o, proba };
    };
    const reference = sharpen(calibratedPopulation(3000, 3, 100));
    const calibrated = fitCbpe(reference, { seed: 1 });
    const raw = fitCbpe(reference, { seed: 1, minCalibrationRows: 10_000 });
    expect(calibrated.calibration).toBe('isotonic');
    expect(calibrated.calibrationReason).toMatch(/class 0: held-out ECE raw [\d.]+, isotonic [\d.]+ → isotonic/);
    expect(raw.calibration).toBe('none');
    let errCal = 0;
    let errRaw = 0;
    for (let j = 0; j < 10; j++) {
      const w = sharpen(calibratedPopulation(500, 3, 400 + j));
      const all = [{ start: 0, end: 500 }];
      const real = windowedPerformance(w, all, { metrics: ['accuracy'] })[0]!.metrics[0]!.value as number;
      const est = estimateCbpe(calibrated, w, all)[0]!.metrics[0]!;
      expect(Math.abs((est.value as number) - real)).toBeLessThan(3 * (est.standardError as number));
      errCal += Math.abs((est.value as number) - real);
      errRaw += Math.abs((estimateCbpe(raw, w, all)[0]!.metrics[0]!.value as number) - real);
    }
    expect(errCal).toBeLessThan(errRaw / 3);
  });

  it('misses a concept drift: with labels permuted the realised accuracy falls and the estimate does not', () => {
    const reference = calibratedPopulation(3000, 3, 100);
    const model = fitCbpe(reference, { seed: 1 });
    const window = calibratedPopulation(1000, 3, 300);
    const drifted = window.yTrue.map((y) => (y + 1) % 3);
    const all = [{ start: 0, end: 1000 }];
    const est = estimateCbpe(model, window, all)[0]!.metrics[0]!;
    const before = windowedPerformance(window, all, { metrics: ['accuracy'] })[0]!.metrics[0]!;
    const after = windowedPerformance({ ...window, yTrue: drifted }, all, { metrics: ['accuracy'] })[0]!.metrics[0]!;
    expect(Math.abs((est.value as number) - (before.value as number))).toBeLessThan(3 * (est.standardError as number));
    expect((est.value as number) - (after.value as number)).toBeGreaterThan(10 * (est.standardError as number));
  });

  it('uses raw probabilities below minCalibrationRows and records why', () => {
    const small = calibratedPopulation(150, 2, 5);
    const model = fitCbpe(small);
    expect(model.calibration).toBe('none');
    expect(model.calibrationReason).toMatch(/150 labelled rows, fewer than minCalibrationRows = 200/);
    const [w] = estimateCbpe(model, small, [{ start: 0, end: 150 }]);
    let acc = 0;
    for (let i = 0; i < 150; i++) acc += Math.max(small.proba[2 * i] as number, small.proba[2 * i + 1] as number);
    expect(w!.metrics[0]!.value).toBeCloseTo(acc / 150, 14);
  });

  it('scales the standard error as √(n_ref / n) and reports empty windows as no-rows', () => {
    const reference = calibratedPopulation(1000, 2, 100);
    const model = fitCbpe(reference);
    const [a, b, empty] = estimateCbpe(model, reference, [
      { start: 0, end: 100 },
      { start: 0, end: 400 },
      { start: 3, end: 3 },
    ]);
    expect((a!.metrics[0]!.standardError as number) / (b!.metrics[0]!.standardError as number)).toBeCloseTo(2, 12);
    expect((a!.metrics[0]!.standardError as number) * Math.sqrt(100 / 1000)).toBeCloseTo(model.referenceSd.accuracy as number, 12);
    for (const m of empty!.metrics) expect(m).toMatchObject({ status: 'no-rows', value: null });
  });

  it('refuses outputs with another number of classes and a reference without labels', () => {
    const model = fitCbpe(calibratedPopulation(300, 2, 1));
    const three = calibratedPopulation(10, 3, 1);
    expect(() => estimateCbpe(model, three, [])).toThrow(/fitted for 2 classes/);
    expect(() => fitCbpe({ ...three, yTrue: new Float64Array(10).fill(Number.NaN) })).toThrow(/0 labelled rows/);
  });
});
