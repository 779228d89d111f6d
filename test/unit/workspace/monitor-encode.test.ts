/**
 * Turning stored predictions into performance arrays: hand-worked rows for classifiers and regressors, the encoder
 * of DLE's inputs (numbers as they are, other columns as sorted codes, unseen values missing), and refusals that
 * name the prediction and field.
 */
import { describe, expect, it } from 'vitest';

import { isMlpError } from '../../../src/core/index.js';
import { encodeInputs, encodeOutputs, inputEncoder } from '../../../src/workspace/monitor-encode.js';

function refusal(fn: () => unknown): { code: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    expect(isMlpError(error), String(error)).toBe(true);
    return error as { code: string; details: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
}

describe('encodeOutputs', () => {
  it('reads a classifier’s proba_<class> columns, its predicted class and the labels that arrived', () => {
    const out = encodeOutputs(
      'm',
      'multiclass',
      ['a', 'b', 'c'],
      [
        { predictionId: 'p1', inputs: {}, outputs: { prediction: 'b', proba_a: 0.2, proba_b: 0.5, proba_c: 0.3 }, label: 'c' },
        // no prediction: the most probable class (first on ties)
        { predictionId: 'p2', inputs: {}, outputs: { proba_a: 0.4, proba_b: 0.2, proba_c: 0.4 }, label: undefined },
      ],
    );
    expect([...out.yPred]).toEqual([1, 0]);
    expect([...out.yTrue]).toEqual([2, Number.NaN]);
    expect([...out.proba]).toEqual([0.2, 0.5, 0.3, 0.4, 0.2, 0.4]);
  });

  it('compares labels with the classes as text (a numeric label of class "1")', () => {
    const out = encodeOutputs(
      'm',
      'binary',
      ['0', '1'],
      [{ predictionId: 'p', inputs: {}, outputs: { prediction: 1, proba_0: 0.1, proba_1: 0.9 }, label: 1 }],
    );
    expect([...out.yPred, ...out.yTrue]).toEqual([1, 1]);
  });

  it('reads a regressor’s number or { prediction } and numeric labels', () => {
    const out = encodeOutputs('m', 'regression', undefined, [
      { predictionId: 'a', inputs: {}, outputs: 2.5, label: 3 },
      { predictionId: 'b', inputs: {}, outputs: { prediction: -1 }, label: undefined },
    ]);
    expect([...out.yPred]).toEqual([2.5, -1]);
    expect([...out.yTrue]).toEqual([3, Number.NaN]);
    expect(out.proba.length).toBe(0);
  });

  it('refuses what does not fit, naming the prediction and field', () => {
    const row = (outputs: unknown, label?: unknown) => [{ predictionId: 'bad', inputs: {}, outputs, label }];
    expect(refusal(() => encodeOutputs('m', 'binary', ['n', 'y'], row({ prediction: 'y', proba_n: 0.5 }))).details).toMatchObject({
      model: 'm',
      predictionId: 'bad',
      field: 'outputs.proba_y',
    });
    expect(refusal(() => encodeOutputs('m', 'binary', ['n', 'y'], row({ proba_n: 0.5, proba_y: 0.5 }, 'maybe'))).details).toMatchObject({
      field: 'label',
    });
    expect(refusal(() => encodeOutputs('m', 'binary', ['n', 'y'], row(0.7))).code).toBe('MLP_MONITOR_WINDOW_OUTPUTS');
    expect(refusal(() => encodeOutputs('m', 'regression', undefined, row('7'))).details).toMatchObject({ field: 'outputs.prediction' });
    expect(refusal(() => encodeOutputs('m', 'regression', undefined, row(1, 'x'))).details).toMatchObject({ field: 'label' });
  });
});

describe('inputEncoder / encodeInputs', () => {
  it('keeps numbers and booleans, codes other columns by their sorted reference values, and leaves unseen values missing', () => {
    const encoder = inputEncoder(
      ['x', 'flag', 'city'],
      [
        { x: 1.5, flag: true, city: 'paris' },
        { x: null, flag: false, city: 'berlin' },
      ],
    );
    expect(encoder.categorical).toEqual([false, false, true]);
    const [x, flag, city] = encodeInputs(encoder, [
      { x: 2, flag: true, city: 'paris' },
      { x: 'oops', flag: null, city: 'rome' },
      { city: 'berlin' },
    ]);
    expect([...(x ?? [])]).toEqual([2, Number.NaN, Number.NaN]);
    expect([...(flag ?? [])]).toEqual([1, Number.NaN, Number.NaN]);
    expect([...(city ?? [])]).toEqual([1, Number.NaN, 0]);
  });
});
