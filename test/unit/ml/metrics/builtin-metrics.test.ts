import { describe, expect, it } from 'vitest';
import { DuplicateIdError, MetricInputError, UnknownIdError } from '../../../../src/core/index.js';
import {
  builtinMetrics,
  createMetricRegistry,
  defineMetric,
  f1Score,
  logLoss,
  metricRegistry,
  r2Score,
  rocAucScore,
} from '../../../../src/ml/metrics/index.js';

const EXPECTED_IDS = [
  'accuracy',
  'average-precision',
  'balanced-accuracy',
  'brier',
  'cohen-kappa',
  'cohen-kappa-linear',
  'cohen-kappa-quadratic',
  'ece',
  'f1',
  'f1-macro',
  'f1-micro',
  'f1-weighted',
  'log-loss',
  'mae',
  'mape',
  'mcc',
  'median-ae',
  'mse',
  'poisson-deviance',
  'pr-auc',
  'precision',
  'precision-macro',
  'precision-micro',
  'precision-weighted',
  'r2',
  'recall',
  'recall-macro',
  'recall-micro',
  'recall-weighted',
  'rmse',
  'roc-auc',
  'roc-auc-ovo',
  'roc-auc-ovr-weighted',
];

// Which way is better, stated independently of the definitions.
const LOSSES = new Set(['brier', 'ece', 'log-loss', 'mae', 'mape', 'median-ae', 'mse', 'poisson-deviance', 'rmse']);

describe('metric registry', () => {
  it('lists every built-in metric by its permanent id', () => {
    expect(metricRegistry.ids()).toEqual(EXPECTED_IDS);
    expect(builtinMetrics.map((m) => m.id).sort()).toEqual(EXPECTED_IDS);
  });

  it('marks losses as lower-is-better and scores as higher-is-better', () => {
    for (const m of builtinMetrics) expect(m.greaterIsBetter, m.id).toBe(!LOSSES.has(m.id));
  });

  it('declares tasks and input kinds consistently', () => {
    for (const m of builtinMetrics) {
      expect(m.task.length, m.id).toBeGreaterThan(0);
      expect(m.title.length, m.id).toBeGreaterThan(0);
      const regression = m.task.includes('regression');
      expect(regression ? m.input === 'values' : m.input !== 'values', m.id).toBe(true);
    }
    expect(metricRegistry.get('f1').task).toEqual(['binary']);
    expect(metricRegistry.get('roc-auc-ovr-weighted').task).toEqual(['multiclass']);
  });

  it('computes the same value through the registry as through the plain function', () => {
    const yTrue = [0, 1, 1, 0, 1, 0, 1, 1];
    const yPred = [0, 1, 0, 0, 1, 1, 1, 1];
    const proba = [0.1, 0.8, 0.4, 0.3, 0.9, 0.6, 0.7, 0.55];
    expect(metricRegistry.get('f1').compute({ yTrue, yPred })).toBe(f1Score(yTrue, yPred));
    expect(metricRegistry.get('roc-auc').compute({ yTrue, proba })).toBe(rocAucScore(yTrue, proba));
    expect(metricRegistry.get('log-loss').compute({ yTrue, proba })).toBe(logLoss(yTrue, proba));
    const y3 = [0, 1, 2, 2, 1, 0];
    const p3 = [0.7, 0.2, 0.1, 0.2, 0.5, 0.3, 0.1, 0.1, 0.8, 0.3, 0.3, 0.4, 0.1, 0.6, 0.3, 0.5, 0.25, 0.25];
    expect(metricRegistry.get('roc-auc').compute({ yTrue: y3, proba: p3, nClasses: 3 })).toBe(rocAucScore(y3, p3, { nClasses: 3 }));
    const yt = [1.5, 2, 3.25, 4];
    const yp = [1, 2.5, 3, 4.5];
    expect(metricRegistry.get('r2').compute({ yTrue: yt, yPred: yp })).toBe(r2Score(yt, yp));
  });

  it('names the missing array when a metric gets the wrong kind of input', () => {
    let caught: unknown;
    try {
      metricRegistry.get('roc-auc').compute({ yTrue: [0, 1], yPred: [0, 1] });
    } catch (error) {
      caught = error;
    }
    expect(MetricInputError.is(caught)).toBe(true);
    expect((caught as Error).message).toContain('roc-auc: argument proba');
  });

  it('throws the catalog errors for unknown and duplicate ids', () => {
    expect(() => metricRegistry.get('auc-roc')).toThrow(expect.objectContaining({ code: UnknownIdError.code }));
    const extra = defineMetric({
      id: 'accuracy',
      title: 'dup',
      task: ['binary'],
      input: 'labels',
      greaterIsBetter: true,
      compute: () => 0,
    });
    expect(() => createMetricRegistry([extra])).toThrow(expect.objectContaining({ code: DuplicateIdError.code }));
  });

  it('lets callers add their own metrics to a fresh registry', () => {
    const hits = defineMetric({
      id: 'hit-count',
      title: 'Number of exact matches',
      task: ['binary', 'multiclass'],
      input: 'labels',
      greaterIsBetter: true,
      compute: ({ yTrue, yPred }) => Array.from(yTrue).filter((v, i) => v === yPred[i]).length,
    });
    const registry = createMetricRegistry([hits]);
    expect(registry.get('hit-count').compute({ yTrue: [0, 1, 2], yPred: [0, 2, 2] })).toBe(2);
    expect(metricRegistry.has('hit-count')).toBe(false);
    expect(Object.isFrozen(registry.get('hit-count'))).toBe(true);
  });
});
