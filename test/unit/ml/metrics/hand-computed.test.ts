/** Small cases worked out by hand, independent of the sklearn fixtures, plus invariance properties. */
import { describe, expect, it } from 'vitest';
import {
  accuracyScore,
  averagePrecisionScore,
  calibrationCurve,
  cohenKappaScore,
  confusionMatrix,
  expectedCalibrationError,
  f1Score,
  logLoss,
  matthewsCorrcoef,
  meanAbsolutePercentageError,
  meanPoissonDeviance,
  medianAbsoluteError,
  precisionScore,
  r2Score,
  recallScore,
  rocAucScore,
  rootMeanSquaredError,
} from '../../../../src/ml/metrics/index.js';

describe('hand-computed values', () => {
  it('ROC AUC counts a tied positive/negative pair as one half', () => {
    // pairs (pos, neg): (0.8,0.1) win, (0.8,0.4) win, (0.4,0.1) win, (0.4,0.4) tie → (3 + 0.5) / 4.
    expect(rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.4, 0.8])).toBeCloseTo(0.875, 15);
    expect(rocAucScore([0, 1], [0.3, 0.3])).toBe(0.5);
  });

  it('ROC AUC equals the weighted Mann–Whitney pair count', () => {
    const y = [1, 0, 1, 0, 0, 1, 1, 0, 1, 0];
    const s = [0.9, 0.2, 0.6, 0.6, 0.1, 0.3, 0.8, 0.7, 0.2, 0.5];
    const w = [1, 2, 0.5, 1, 3, 1, 2, 1, 1, 0.5];
    let num = 0;
    let den = 0;
    for (let i = 0; i < y.length; i++) {
      for (let j = 0; j < y.length; j++) {
        if (y[i] !== 1 || y[j] !== 0) continue;
        const pair = (w[i] as number) * (w[j] as number);
        den += pair;
        num += pair * ((s[i] as number) > (s[j] as number) ? 1 : s[i] === s[j] ? 0.5 : 0);
      }
    }
    expect(rocAucScore(y, s, { sampleWeight: w })).toBeCloseTo(num / den, 12);
  });

  it('average precision is the step sum, not an interpolation', () => {
    // ranks: 0.9 (pos) P=1 R=1/2; 0.8 (neg); 0.7 (pos) P=2/3 R=1 → AP = 1/2·1 + 1/2·2/3.
    expect(averagePrecisionScore([1, 0, 1], [0.9, 0.8, 0.7])).toBeCloseTo(0.5 + 1 / 3, 15);
  });

  it('precision, recall and F1 for a binary example', () => {
    const yTrue = [1, 1, 1, 0, 0, 0, 0];
    const yPred = [1, 1, 0, 1, 0, 0, 0];
    expect(precisionScore(yTrue, yPred)).toBeCloseTo(2 / 3, 15);
    expect(recallScore(yTrue, yPred)).toBeCloseTo(2 / 3, 15);
    expect(f1Score(yTrue, yPred)).toBeCloseTo(2 / 3, 15);
    expect(f1Score(yTrue, yPred, { average: 'micro' })).toBeCloseTo(accuracyScore(yTrue, yPred), 15);
  });

  it('MCC is +1, −1 and 0 for perfect, inverted and constant predictions', () => {
    const y = [0, 1, 1, 0, 1];
    expect(matthewsCorrcoef(y, y)).toBeCloseTo(1, 15);
    expect(
      matthewsCorrcoef(
        y,
        y.map((v) => 1 - v),
      ),
    ).toBeCloseTo(-1, 15);
    expect(matthewsCorrcoef(y, [1, 1, 1, 1, 1])).toBe(0);
  });

  it("Cohen's kappa for a 2×2 table", () => {
    // table [[20,5],[10,15]]: po = 35/50, pe = (25·30 + 25·20)/50² = 0.5 → κ = 0.4.
    const a = [...Array(20).fill(0), ...Array(5).fill(0), ...Array(10).fill(1), ...Array(15).fill(1)] as number[];
    const b = [...Array(20).fill(0), ...Array(5).fill(1), ...Array(10).fill(0), ...Array(15).fill(1)] as number[];
    expect(cohenKappaScore(a, b)).toBeCloseTo(0.4, 14);
    expect(Array.from(confusionMatrix(a, b).matrix)).toEqual([20, 5, 10, 15]);
  });

  it('log loss of a fair coin is ln 2, and clipping keeps certainty finite', () => {
    expect(logLoss([0, 1], [0.5, 0.5])).toBeCloseTo(Math.LN2, 15);
    expect(logLoss([0], [1])).toBeCloseTo(-Math.log(Number.EPSILON), 6);
    expect(logLoss([0], [1], { eps: 1e-15 })).toBeCloseTo(-Math.log(1 - (1 - 1e-15)), 9);
  });

  it('calibration curve puts a probability on an edge into the lower bin', () => {
    const c = calibrationCurve([0, 1, 1, 0], [0.2, 0.2, 0.3, 1], { nBins: 5 });
    // 0.2 is the first inner edge → bin 0; 0.3 → bin 1; 1 → bin 4.
    expect(Array.from(c.counts)).toEqual([2, 1, 1]);
    expect(Array.from(c.probTrue)).toEqual([0.5, 1, 0]);
  });

  it('ECE is zero for a perfectly calibrated binned predictor and |acc − conf| for one bin', () => {
    expect(expectedCalibrationError([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0);
    expect(expectedCalibrationError([1, 1, 1, 0], [0.35, 0.35, 0.35, 0.35])).toBeCloseTo(0.4, 15);
    // top-label: both rows predict class 0 with confidence 0.6; one is right → |0.5 − 0.6|.
    expect(expectedCalibrationError([0, 1], [0.6, 0.4, 0.6, 0.4], { nClasses: 2 })).toBeCloseTo(0.1, 15);
  });

  it('regression metrics on a tiny example', () => {
    const t = [1, 2, 3, 4];
    const p = [2, 2, 2, 6];
    expect(rootMeanSquaredError(t, p)).toBeCloseTo(Math.sqrt((1 + 0 + 1 + 4) / 4), 15);
    expect(medianAbsoluteError(t, p)).toBe(1);
    expect(r2Score(t, p)).toBeCloseTo(1 - 6 / 5, 15);
    expect(meanAbsolutePercentageError([0], [1])).toBe(1 / Number.EPSILON);
    expect(meanPoissonDeviance([0, 2], [1, 2])).toBeCloseTo((2 * 1 + 0) / 2, 15);
  });
});

describe('properties', () => {
  it('ranking metrics are invariant under a strictly increasing transform of the scores', () => {
    const y = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1];
    const s = [0.1, 0.7, 0.35, 0.35, 0.9, 0.2, 0.6, 0.6, 0.05, 0.5, 0.8];
    const t = s.map((v) => Math.exp(5 * v) - 3);
    expect(rocAucScore(y, t)).toBe(rocAucScore(y, s));
    expect(averagePrecisionScore(y, t)).toBe(averagePrecisionScore(y, s));
  });

  it('sample weights of 2 equal duplicating the sample', () => {
    const y = [0, 1, 1, 0, 1];
    const s = [0.2, 0.6, 0.4, 0.5, 0.9];
    const dupY = [...y, 1];
    const dupS = [...s, 0.4];
    expect(rocAucScore(y, s, { sampleWeight: [1, 1, 2, 1, 1] })).toBeCloseTo(rocAucScore(dupY, dupS), 15);
    expect(logLoss(y, s, { sampleWeight: [1, 1, 2, 1, 1] })).toBeCloseTo(logLoss(dupY, dupS), 15);
  });
});
