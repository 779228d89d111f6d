import { describe, expect, it } from 'vitest';
import { matrixFromRows } from '../../../../src/ml/matrix.js';
import { deserializeGbdt, resolveGbdtParams, serializeGbdt, trainGbdt } from '../../../../src/ml/gbdt/index.js';

const x = matrixFromRows([[0], [1], [2], [3]]);
const y = Float64Array.from([0, 1, 1, 0]);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('gbdt input checks', () => {
  it('rejects bad parameters with MLP_ML_INVALID_PARAM naming the field', () => {
    expect(codeOf(() => resolveGbdtParams({ learningRate: 0 }))).toBe('MLP_ML_INVALID_PARAM');
    expect(codeOf(() => resolveGbdtParams({ maxBin: 1000 }))).toBe('MLP_ML_INVALID_PARAM');
    expect(codeOf(() => resolveGbdtParams({ objective: 'multiclass-softmax' }))).toBe('MLP_ML_INVALID_PARAM');
    expect(codeOf(() => resolveGbdtParams({ unknownKey: 1 } as never))).toBe('MLP_ML_INVALID_PARAM');
    expect(() => resolveGbdtParams({ maxDepth: -1 })).toThrow(/maxDepth/);
  });

  it('applies XGBoost-like defaults', () => {
    const p = resolveGbdtParams();
    expect(p).toMatchObject({
      objective: 'squared-error',
      learningRate: 0.3,
      maxDepth: 6,
      lambda: 1,
      minChildWeight: 1,
      maxBin: 256,
      numRounds: 100,
    });
  });

  it('rejects bad labels, weights and shapes with MLP_ML_BAD_TRAINING_DATA', () => {
    expect(codeOf(() => trainGbdt({ x, y: Float64Array.from([0, 1, 2, 0]) }, { objective: 'binary-logloss' }))).toBe(
      'MLP_ML_BAD_TRAINING_DATA',
    );
    expect(codeOf(() => trainGbdt({ x, y: Float64Array.from([0, 1, NaN, 0]) }))).toBe('MLP_ML_BAD_TRAINING_DATA');
    expect(codeOf(() => trainGbdt({ x, y: Float64Array.from([0, 1]) }))).toBe('MLP_ML_BAD_TRAINING_DATA');
    expect(codeOf(() => trainGbdt({ x, y, weight: Float64Array.from([1, -1, 1, 1]) }))).toBe('MLP_ML_BAD_TRAINING_DATA');
    expect(codeOf(() => trainGbdt({ x, y }, { objective: 'poisson' }))).toBeUndefined();
    expect(codeOf(() => trainGbdt({ x, y: Float64Array.from([0, -1, 1, 0]) }, { objective: 'poisson' }))).toBe('MLP_ML_BAD_TRAINING_DATA');
    expect(codeOf(() => trainGbdt({ x, y }, { earlyStoppingRounds: 3 }))).toBe('MLP_ML_BAD_TRAINING_DATA');
    expect(codeOf(() => matrixFromRows([[0.5], [1]], { categorical: [true] }))).toBe('MLP_ML_BAD_TRAINING_DATA');
    const wide = matrixFromRows([[0], [300]], { categorical: [true] });
    expect(codeOf(() => trainGbdt({ x: wide, y: Float64Array.from([0, 1]) }))).toBe('MLP_ML_BAD_TRAINING_DATA');
  });

  it('rejects a model with the wrong number of columns at prediction', () => {
    const m = trainGbdt({ x, y }, { numRounds: 2 });
    expect(codeOf(() => m.predict(matrixFromRows([[1, 2]])))).toBe('MLP_ML_BAD_TRAINING_DATA');
  });

  it('rejects damaged bytes with MLP_ML_BUNDLE_INVALID', () => {
    const bytes = serializeGbdt(trainGbdt({ x, y }, { numRounds: 3, maxDepth: 2, minChildWeight: 0 }));
    expect(codeOf(() => deserializeGbdt(bytes.subarray(0, 20)))).toBe('MLP_ML_BUNDLE_INVALID');
    const wrongMagic = bytes.slice();
    wrongMagic[0] = 0;
    expect(codeOf(() => deserializeGbdt(wrongMagic))).toBe('MLP_ML_BUNDLE_INVALID');
    expect(codeOf(() => deserializeGbdt(bytes.subarray(0, bytes.length - 16)))).toBe('MLP_ML_BUNDLE_INVALID');
    // point a child link backwards: the loader must refuse it (it could make prediction loop forever)
    const back = deserializeGbdt(bytes);
    const t = back.trees.find((tr) => tr.feature.length > 1);
    expect(t).toBeDefined();
    (t?.left as Int32Array)[0] = 0;
    expect(codeOf(() => deserializeGbdt(serializeGbdt(back)))).toBe('MLP_ML_BUNDLE_INVALID');
  });
});
