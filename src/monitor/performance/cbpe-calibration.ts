/**
 * Whether CBPE should calibrate a class's probabilities, decided out of sample as NannyML does: isotonic
 * regression fitted on part of the reference must lower the expected calibration error (ECE, 10 bins) on the
 * rest. Isotonic maps fitted on noise make probabilities more extreme than they are, which biases expected ROC
 * AUC upwards, so already-calibrated scores are better left alone.
 */
import { seededRandom } from '../../core/index.js';
import type { Calibrator } from '../../ml/index.js';
import { engine } from './engine.js';

/** Folds × repeats of the held-out comparison. */
const FOLDS = 5;
const REPEATS = 2;

/** Mean held-out ECE of the raw scores and of isotonic-calibrated scores (each fold's map fitted on the others). */
export interface CalibrationCheck {
  readonly rawEce: number;
  readonly calibratedEce: number;
}

/**
 * Cross-validated ECE of raw vs isotonic-calibrated P(class) scores (`y` is 0/1). Uses a seeded shuffle.
 */
export function calibrationCheck(score: Float64Array, y: Float64Array, seed: number): CalibrationCheck {
  const n = score.length;
  const rng = seededRandom(seed);
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const trS = new Float64Array(n);
  const trY = new Float64Array(n);
  const teS = new Float64Array(n);
  const teY = new Float64Array(n);
  let raw = 0;
  let cal = 0;
  let count = 0;
  for (let r = 0; r < REPEATS; r++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    for (let f = 0; f < FOLDS; f++) {
      let a = 0;
      let b = 0;
      for (let t = 0; t < n; t++) {
        const i = order[t] as number;
        if (t % FOLDS === f) {
          teS[b] = score[i] as number;
          teY[b++] = y[i] as number;
        } else {
          trS[a] = score[i] as number;
          trY[a++] = y[i] as number;
        }
      }
      if (a === 0 || b === 0) continue;
      const iso: Calibrator = engine().fitIsotonic(trS.subarray(0, a), trY.subarray(0, a));
      raw += engine().expectedCalibrationError(teY.subarray(0, b), teS.subarray(0, b));
      cal += engine().expectedCalibrationError(teY.subarray(0, b), iso.apply(teS.subarray(0, b)));
      count++;
    }
  }
  return { rawEce: raw / count, calibratedEce: cal / count };
}
