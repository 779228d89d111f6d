import { describe, expect, it } from 'vitest';
import { MetricInputError } from '../../../../src/core/index.js';
import {
  accuracyScore,
  averagePrecisionScore,
  brierScore,
  calibrationCurve,
  confusionMatrix,
  expectedCalibrationError,
  f1Score,
  logLoss,
  meanPoissonDeviance,
  rocAucScore,
  rootMeanSquaredError,
} from '../../../../src/ml/metrics/index.js';

/** Runs `fn`, expects MLP_ML_METRIC_INPUT, and returns its details. */
function rejects(fn: () => unknown): { metric: string; argument: string; problem: string } {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(MetricInputError.is(caught), `expected MLP_ML_METRIC_INPUT, got ${String(caught)}`).toBe(true);
  return (caught as { details: { metric: string; argument: string; problem: string } }).details;
}

describe('metric input errors (MLP_ML_METRIC_INPUT)', () => {
  it('names the argument whose length differs', () => {
    expect(rejects(() => accuracyScore([0, 1, 1], [0, 1])).argument).toBe('yPred');
    expect(rejects(() => rocAucScore([0, 1, 1], [0.1, 0.2])).argument).toBe('score');
    expect(rejects(() => logLoss([0, 1], [0.1, 0.2], { sampleWeight: [1] })).argument).toBe('sampleWeight');
    expect(rejects(() => logLoss([0, 1], [0.1, 0.2, 0.3, 0.4, 0.5], { nClasses: 3 })).argument).toBe('proba');
  });

  it('rejects NaN and infinite values with their position', () => {
    const d = rejects(() => rootMeanSquaredError([1, 2, 3], [1, Number.NaN, 3]));
    expect(d).toMatchObject({ metric: 'rmse', argument: 'yPred' });
    expect(d.problem).toContain('entry 1');
    expect(rejects(() => rocAucScore([0, 1], [0.5, Number.POSITIVE_INFINITY])).argument).toBe('score');
    expect(rejects(() => brierScore([0, 1], [0.5, Number.NaN])).argument).toBe('proba');
  });

  it('rejects labels out of range or not integers', () => {
    expect(rejects(() => rocAucScore([0, 2], [0.1, 0.9])).argument).toBe('yTrue');
    expect(rejects(() => logLoss([0, 3], [0.5, 0.5, 0.2, 0.8], { nClasses: 2 })).argument).toBe('yTrue');
    expect(rejects(() => accuracyScore([0, 1.5], [0, 1])).argument).toBe('yTrue');
    expect(rejects(() => confusionMatrix([0, -1], [0, 1])).argument).toBe('yTrue');
  });

  it('rejects probabilities outside [0, 1]', () => {
    expect(rejects(() => logLoss([0, 1], [0.2, 1.2])).argument).toBe('proba');
    expect(rejects(() => calibrationCurve([0, 1], [-0.1, 0.5])).argument).toBe('proba');
  });

  it('says ROC AUC is undefined with one class, like sklearn', () => {
    const d = rejects(() => rocAucScore([1, 1, 1], [0.2, 0.5, 0.9]));
    expect(d.argument).toBe('yTrue');
    expect(d.problem).toContain('only one class');
    // after zero weights remove every negative sample
    expect(rejects(() => rocAucScore([0, 1, 1], [0.2, 0.5, 0.9], { sampleWeight: [0, 1, 1] })).problem).toContain('only one class');
    // one-vs-rest needs every class present
    expect(rejects(() => rocAucScore([0, 1, 0], [0.5, 0.3, 0.2, 0.2, 0.5, 0.3, 0.6, 0.2, 0.2], { nClasses: 3 })).problem).toContain(
      'never occur',
    );
  });

  it('rejects one-vs-rest rows that are not probability distributions', () => {
    expect(rejects(() => rocAucScore([0, 1, 2], [0.5, 0.3, 0.3, 0.2, 0.5, 0.3, 0.2, 0.2, 0.6], { nClasses: 3 })).problem).toContain(
      'sums to',
    );
  });

  it('rejects binary averaging of multiclass labels and a posLabel not present', () => {
    expect(rejects(() => f1Score([0, 1, 2], [0, 1, 2])).argument).toBe('average');
    expect(rejects(() => f1Score([0, 2, 2], [0, 2, 0], { posLabel: 1 })).argument).toBe('posLabel');
  });

  it('rejects bad weights, empty input, bad bins and Poisson domain errors', () => {
    expect(rejects(() => accuracyScore([0, 1], [0, 1], { sampleWeight: [-1, 1] })).argument).toBe('sampleWeight');
    expect(rejects(() => accuracyScore([0, 1], [0, 1], { sampleWeight: [0, 0] })).argument).toBe('sampleWeight');
    expect(rejects(() => averagePrecisionScore([], [])).argument).toBe('yTrue');
    expect(rejects(() => expectedCalibrationError([0, 1], [0.2, 0.8], { nBins: 0 })).argument).toBe('nBins');
    expect(rejects(() => meanPoissonDeviance([1, -1], [1, 1])).argument).toBe('yTrue');
    expect(rejects(() => meanPoissonDeviance([1, 1], [1, 0])).argument).toBe('yPred');
  });

  it('messages say which metric, which argument and what to do', () => {
    let message = '';
    try {
      accuracyScore([0, 1, 1], [0, 1]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('accuracy: argument yPred: has 2 entries but yTrue has 3; pass one value per sample.');
  });
});
