/** Probability calibration: Platt scaling and isotonic regression, as serialisable `{ kind, params }` calibrators. */
export { makeCalibrator, restoreCalibrator } from './calibrator.js';
export type { Calibrator, CalibratorState, IsotonicParams, PlattParams } from './calibrator.js';
export { fitIsotonic, poolAdjacentViolators } from './isotonic.js';
export { fitPlatt } from './platt.js';
