/** Realised metrics per window: point values from the engine's metrics, interval methods, defined statuses. */
import { describe, expect, it } from 'vitest';
import { isMlpError, seededRandom } from '../../../../src/core/index.js';
import {
  accuracyScore,
  f1Score,
  logLoss,
  meanAbsoluteError,
  r2Score,
  rocAucScore,
  rootMeanSquaredError,
} from '../../../../src/ml/index.js';
import { loadPerformanceEngine, windowedPerformance, wilsonInterval } from '../../../../src/monitor/index.js';
import type { ClassifierOutputs, WindowMetric } from '../../../../src/monitor/index.js';

// The performance functions compute with the engine, which is loaded on demand.
await loadPerformanceEngine();

function binaryData(n: number, seed: number): { proba: Float64Array; yTrue: Float64Array } {
  const rng = seededRandom(seed);
  const proba = new Float64Array(2 * n);
  const yTrue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = rng();
    proba[2 * i] = 1 - p;
    proba[2 * i + 1] = p;
    yTrue[i] = rng() < p ? 1 : 0;
  }
  return { proba, yTrue };
}

const metricOf = (metrics: readonly WindowMetric[], id: string): WindowMetric => metrics.find((m) => m.metric === id) as WindowMetric;

describe('windowedPerformance (classification)', () => {
  const n = 300;
  const { proba, yTrue } = binaryData(n, 1);
  const outputs: ClassifierOutputs = { task: 'classification', nClasses: 2, proba, yTrue };
  const windows = [
    { start: 0, end: 100 },
    { start: 100, end: 300 },
  ];
  const result = windowedPerformance(outputs, windows, {
    metrics: ['accuracy', 'error-rate', 'roc-auc', 'f1', 'log-loss'],
    replicates: 200,
  });

  it('gives the engine metric values on each window', () => {
    for (const [j, w] of windows.entries()) {
      const yT = yTrue.subarray(w.start, w.end);
      const p1 = Float64Array.from({ length: w.end - w.start }, (_, i) => proba[2 * (w.start + i) + 1] as number);
      const yP = p1.map((p) => (p > 0.5 ? 1 : 0));
      const r = result[j]!;
      expect(metricOf(r.metrics, 'accuracy').value).toBeCloseTo(accuracyScore(yT, yP), 15);
      expect(metricOf(r.metrics, 'error-rate').value).toBeCloseTo(1 - accuracyScore(yT, yP), 15);
      expect(metricOf(r.metrics, 'roc-auc').value).toBeCloseTo(rocAucScore(yT, p1), 15);
      expect(metricOf(r.metrics, 'f1').value).toBeCloseTo(f1Score(yT, yP), 15);
      expect(metricOf(r.metrics, 'log-loss').value).toBeCloseTo(logLoss(yT, p1), 15);
      expect(r.labelled).toBe(w.end - w.start);
    }
  });

  it('uses Wilson for accuracy and its mirror for the error rate, DeLong for binary AUC, bootstrap for F1 and log loss', () => {
    const r = result[0]!;
    const acc = metricOf(r.metrics, 'accuracy');
    const w = wilsonInterval(Math.round((acc.value as number) * 100), 100);
    expect([acc.interval, acc.lower, acc.upper]).toEqual(['wilson', w.lower, w.upper]);
    const err = metricOf(r.metrics, 'error-rate');
    expect(err.lower).toBeCloseTo(1 - w.upper, 15);
    expect(err.upper).toBeCloseTo(1 - w.lower, 15);
    expect(metricOf(r.metrics, 'roc-auc').interval).toBe('delong');
    for (const id of ['f1', 'log-loss']) {
      const m = metricOf(r.metrics, id);
      expect(m.interval).toBe('bootstrap-percentile');
      expect(m.lower as number).toBeLessThanOrEqual(m.value as number);
      expect(m.upper as number).toBeGreaterThanOrEqual(m.value as number);
    }
  });

  it('narrows the intervals as the window grows', () => {
    const width = (r: (typeof result)[number], id: string): number =>
      (metricOf(r.metrics, id).upper as number) - (metricOf(r.metrics, id).lower as number);
    for (const id of ['accuracy', 'roc-auc', 'log-loss']) expect(width(result[1]!, id)).toBeLessThan(width(result[0]!, id));
  });

  it('leaves out labels that have not arrived (NaN) and reports how many were used', () => {
    const late = Float64Array.from(yTrue);
    for (let i = 0; i < n; i += 3) late[i] = Number.NaN;
    const [r] = windowedPerformance({ ...outputs, yTrue: late }, [{ start: 0, end: 30 }], { metrics: ['accuracy'] });
    expect(r!.labelled).toBe(20);
    expect(r!.rows).toBe(30);
    const keep = [...Array(30).keys()].filter((i) => i % 3 !== 0);
    const expected = accuracyScore(
      keep.map((i) => yTrue[i] as number),
      keep.map((i) => ((proba[2 * i + 1] as number) > 0.5 ? 1 : 0)),
    );
    expect(metricOf(r!.metrics, 'accuracy').value).toBeCloseTo(expected, 15);
  });

  it('gives a status, never NaN, for windows without labels or with one class', () => {
    const oneClass = Float64Array.from(yTrue).fill(1, 0, 10);
    const unlabeled = Float64Array.from(yTrue).fill(Number.NaN, 10, 20);
    const out = windowedPerformance(
      { ...outputs, yTrue: Float64Array.from(oneClass.map((v, i) => (i >= 10 && i < 20 ? (unlabeled[i] as number) : v))) },
      [
        { start: 0, end: 10 },
        { start: 10, end: 20 },
        { start: 5, end: 5 },
      ],
    );
    expect(metricOf(out[0]!.metrics, 'roc-auc')).toMatchObject({ status: 'one-class', value: null, lower: null, upper: null });
    expect(metricOf(out[0]!.metrics, 'accuracy').status).toBe('ok');
    for (const r of [out[1]!, out[2]!]) for (const m of r.metrics) expect(m).toMatchObject({ status: 'no-labels', value: null });
  });

  it('scores multiclass macro F1 over all classes and macro one-vs-rest AUC over the classes present', () => {
    const rng = seededRandom(5);
    const m = 120;
    const k = 3;
    const p = new Float64Array(m * k);
    const y = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const a = rng();
      const b = rng() * (1 - a);
      p.set([a, b, 1 - a - b], i * k);
      y[i] = Math.floor(rng() * k);
    }
    const yP = Float64Array.from({ length: m }, (_, i) =>
      [0, 1, 2].reduce((best, c) => ((p[i * k + c] as number) > (p[i * k + best] as number) ? c : best), 0),
    );
    const [r] = windowedPerformance({ task: 'classification', nClasses: k, proba: p, yTrue: y }, [{ start: 0, end: m }], {
      metrics: ['f1', 'roc-auc'],
      replicates: 50,
    });
    expect(metricOf(r!.metrics, 'f1').value).toBeCloseTo(f1Score(y, yP, { average: 'macro', labels: [0, 1, 2] }), 14);
    expect(metricOf(r!.metrics, 'roc-auc').value).toBeCloseTo(rocAucScore(y, p, { nClasses: k }), 14);
    expect(metricOf(r!.metrics, 'roc-auc').interval).toBe('bootstrap-percentile');
  });

  it('rejects bad input with a catalog error naming the field', () => {
    const expectCode = (fn: () => unknown, field: RegExp): void => {
      try {
        fn();
        expect.fail('did not throw');
      } catch (e) {
        expect(isMlpError(e) && e.code).toBe('MLP_MONITOR_PERF_INPUT');
        expect((e as Error).message).toMatch(field);
      }
    };
    expectCode(() => windowedPerformance({ ...outputs, yTrue: yTrue.slice(0, 10) }, []), /outputs\.yTrue/);
    expectCode(() => windowedPerformance({ ...outputs, yTrue: Float64Array.from(yTrue).fill(2, 4, 5) }, []), /outputs\.yTrue\[4\]/);
    expectCode(() => windowedPerformance({ ...outputs, proba: Float64Array.from(proba).fill(0.7, 6, 7) }, []), /outputs\.proba\[3\]/);
    expectCode(() => windowedPerformance(outputs, [{ start: 5, end: 400 }]), /windows\[0\]/);
    expectCode(() => windowedPerformance(outputs, [], { metrics: ['rmse'] }), /metrics\[0\]/);
    expectCode(() => windowedPerformance(outputs, [], { confidence: 1.5 }), /confidence/);
  });
});

describe('windowedPerformance (regression)', () => {
  const rng = seededRandom(9);
  const n = 200;
  const yPred = Float64Array.from({ length: n }, () => rng() * 10);
  const yTrue = yPred.map((p) => p + (rng() - 0.5) * 2);
  it('gives RMSE, MAE and R² of the engine with bootstrap intervals around them', () => {
    const [r] = windowedPerformance({ task: 'regression', yPred, yTrue }, [{ start: 0, end: n }], { replicates: 300, seed: 4 });
    const expected: Record<string, number> = {
      rmse: rootMeanSquaredError(yTrue, yPred),
      mae: meanAbsoluteError(yTrue, yPred),
      r2: r2Score(yTrue, yPred),
    };
    for (const m of r!.metrics) {
      expect(m.value).toBeCloseTo(expected[m.metric] as number, 15);
      expect(m.interval).toBe('bootstrap-percentile');
      expect(m.lower as number).toBeLessThan(m.value as number);
      expect(m.upper as number).toBeGreaterThan(m.value as number);
    }
  });
  it('says too-few-labels for R² on one labelled row and no-labels on none', () => {
    const t = Float64Array.from(yTrue).fill(Number.NaN, 0, 10);
    t[3] = 1;
    const [one, none] = windowedPerformance({ task: 'regression', yPred, yTrue: t }, [
      { start: 0, end: 10 },
      { start: 4, end: 10 },
    ]);
    expect(metricOf(one!.metrics, 'r2').status).toBe('too-few-labels');
    expect(metricOf(one!.metrics, 'mae').value).toBeCloseTo(Math.abs(1 - (yPred[3] as number)), 15);
    for (const m of none!.metrics) expect(m.status).toBe('no-labels');
  });
  it('rejects infinite labels', () => {
    expect(() => windowedPerformance({ task: 'regression', yPred, yTrue: Float64Array.from(yTrue).fill(Infinity, 7, 8) }, [])).toThrow(
      /yTrue\[7\]/,
    );
  });
});
