/**
 * Probability calibrators: maps from a classifier's score to a calibrated P(class 1). A calibrator is data —
 * `{ kind, params }` is all that is stored in a model bundle — and `restoreCalibrator` rebuilds the function.
 */
import { BundleInvalidError, MetricInputError } from '../../core/index.js';
import type { NumericArray } from '../metrics/index.js';
import { isotonicPredict, plattPredict } from './predict.js';

/** Platt scaling parameters, sklearn's convention: P(1 | s) = 1 / (1 + exp(a·s + b)) (a is usually negative). */
export interface PlattParams {
  readonly a: number;
  readonly b: number;
}

/**
 * Isotonic calibration: an increasing piecewise-linear map through the points (x[i], y[i]) (x strictly
 * increasing), constant beyond the ends (sklearn `out_of_bounds='clip'`).
 */
export interface IsotonicParams {
  readonly x: readonly number[];
  readonly y: readonly number[];
}

/** The serialisable form of a calibrator. */
export type CalibratorState =
  { readonly kind: 'platt'; readonly params: PlattParams } | { readonly kind: 'isotonic'; readonly params: IsotonicParams };

/** A fitted calibrator: its state plus `apply`, mapping scores to calibrated probabilities. */
export type Calibrator = CalibratorState & {
  /** Calibrated P(class 1) for each score. @throws MLP_ML_METRIC_INPUT when a score is not finite. */
  apply(scores: NumericArray): Float64Array;
  /** The plain `{ kind, params }` to store. */
  toJSON(): CalibratorState;
};

function checkScores(kind: string, scores: NumericArray): void {
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    if (!Number.isFinite(s)) {
      throw MetricInputError({
        metric: `${kind} calibrator`,
        argument: 'scores',
        problem: `entry ${i} is ${String(s)}; scores must be finite numbers`,
      });
    }
  }
}

/** Wraps a state (already validated) into a calibrator. */
export function makeCalibrator(state: CalibratorState): Calibrator {
  const frozen: CalibratorState =
    state.kind === 'platt'
      ? Object.freeze({ kind: 'platt', params: Object.freeze({ a: state.params.a, b: state.params.b }) })
      : Object.freeze({
          kind: 'isotonic',
          params: Object.freeze({ x: Object.freeze([...state.params.x]), y: Object.freeze([...state.params.y]) }),
        });
  const apply = (scores: NumericArray): Float64Array => {
    checkScores(frozen.kind, scores);
    return frozen.kind === 'platt' ? plattPredict(frozen.params, scores) : isotonicPredict(frozen.params, scores);
  };
  return Object.freeze({ ...frozen, apply, toJSON: () => frozen });
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * Rebuilds a calibrator from its stored `{ kind, params }` (e.g. parsed from a bundle manifest).
 * @param location where the state came from, for the error message (file and field).
 * @throws MLP_ML_BUNDLE_INVALID when the state is malformed: unknown kind, non-finite numbers, x not strictly
 *   increasing, x/y of different or zero length, y outside [0, 1] or decreasing.
 */
export function restoreCalibrator(state: unknown, location = 'calibrator'): Calibrator {
  const bad = (problem: string): Error => BundleInvalidError({ location, problem });
  if (typeof state !== 'object' || state === null) throw bad('expected an object { kind, params }');
  const { kind, params } = state as { kind?: unknown; params?: unknown };
  if (typeof params !== 'object' || params === null) throw bad('params must be an object');
  if (kind === 'platt') {
    const { a, b } = params as { a?: unknown; b?: unknown };
    if (!isFiniteNumber(a) || !isFiniteNumber(b)) throw bad('platt params.a and params.b must be finite numbers');
    return makeCalibrator({ kind, params: { a, b } });
  }
  if (kind === 'isotonic') {
    const { x, y } = params as { x?: unknown; y?: unknown };
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length || x.length === 0) {
      throw bad('isotonic params.x and params.y must be non-empty arrays of equal length');
    }
    for (let i = 0; i < x.length; i++) {
      const xi: unknown = x[i];
      const yi: unknown = y[i];
      if (!isFiniteNumber(xi) || !isFiniteNumber(yi)) throw bad(`isotonic params: entry ${i} is not a finite number`);
      if (yi < 0 || yi > 1) throw bad(`isotonic params.y[${i}] = ${yi} lies outside [0, 1]`);
      if (i > 0 && !(xi > (x[i - 1] as number))) throw bad(`isotonic params.x must be strictly increasing (entry ${i})`);
      if (i > 0 && yi < (y[i - 1] as number)) throw bad(`isotonic params.y must be non-decreasing (entry ${i})`);
    }
    return makeCalibrator({ kind, params: { x: x as number[], y: y as number[] } });
  }
  throw bad(`unknown calibrator kind ${JSON.stringify(kind)}; expected "platt" or "isotonic"`);
}
