/**
 * The arrays performance monitoring works on — a model's outputs for a run of predictions, the labels that have
 * arrived so far (NaN where a label is still missing) and row windows over them — and their validation. Every
 * function in this folder checks its input here once, so bad input fails with `MLP_MONITOR_PERF_INPUT` naming
 * the argument and row instead of turning into a NaN later.
 */
import { PerformanceInputError } from '../../core/index.js';
import type { NumericArray } from '../../ml/index.js';

/** A classifier's outputs (binary is `nClasses: 2`). */
export interface ClassifierOutputs {
  readonly task: 'classification';
  /** Number of classes k ≥ 2; class codes are 0..k-1. */
  readonly nClasses: number;
  /** Row-major n×k class probabilities (rows sum to 1), as `predictProba` returns them. */
  readonly proba: NumericArray;
  /** Predicted class codes; default the most probable class of each row (first on ties). */
  readonly yPred?: NumericArray;
  /** True class codes; NaN marks a label that has not arrived (yet). Omit when no label is known. */
  readonly yTrue?: NumericArray;
}

/** A regressor's outputs. */
export interface RegressorOutputs {
  readonly task: 'regression';
  /** Predicted values (finite). */
  readonly yPred: NumericArray;
  /** True values; NaN marks a label that has not arrived (yet). Omit when no label is known. */
  readonly yTrue?: NumericArray;
}

/** Model outputs with the labels known so far. */
export type ModelOutputs = ClassifierOutputs | RegressorOutputs;

/** A window of rows `[start, end)` (rows in time order; the ingestion side turns timestamps into these). */
export interface RowWindow {
  readonly start: number;
  readonly end: number;
  /** A name to carry into the result (e.g. `2001-03-05`). */
  readonly label?: string;
}

/** Outputs after validation: plain typed arrays, yPred filled in, labels as codes with NaN for "unknown". */
export interface CheckedOutputs {
  readonly task: 'classification' | 'regression';
  readonly n: number;
  /** 0 for regression. */
  readonly k: number;
  readonly proba: Float64Array;
  readonly yPred: Float64Array;
  /** NaN = no label (yet); always length n (all NaN when no labels were given). */
  readonly yTrue: Float64Array;
}

const bad = (field: string, problem: string): Error => PerformanceInputError({ field, problem });

function checkClassCodes(field: string, values: NumericArray, n: number, k: number, allowNaN: boolean): Float64Array {
  if (values.length !== n) throw bad(field, `has ${values.length} entries, expected ${n} (one per row)`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (v !== v && allowNaN) {
      out[i] = Number.NaN;
      continue;
    }
    if (!(Number.isInteger(v) && v >= 0 && v < k)) {
      throw bad(`${field}[${i}]`, `is ${String(v)}; expected a class code 0..${k - 1}${allowNaN ? ' or NaN for a missing label' : ''}`);
    }
    out[i] = v;
  }
  return out;
}

/**
 * Validates model outputs and copies them into typed arrays.
 * @throws MLP_MONITOR_PERF_INPUT naming the argument and row: lengths differ, a probability outside [0, 1] or a
 *   row not summing to 1 (±1e-6), a class code out of range, a non-finite prediction or label (NaN labels are
 *   allowed: they mean "not arrived").
 */
export function checkOutputs(outputs: ModelOutputs, field = 'outputs'): CheckedOutputs {
  if (outputs.task === 'regression') {
    const n = outputs.yPred.length;
    const yPred = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = outputs.yPred[i] as number;
      if (!Number.isFinite(v)) throw bad(`${field}.yPred[${i}]`, `is ${String(v)}; predictions must be finite numbers`);
      yPred[i] = v;
    }
    const yTrue = new Float64Array(n).fill(Number.NaN);
    if (outputs.yTrue !== undefined) {
      if (outputs.yTrue.length !== n) throw bad(`${field}.yTrue`, `has ${outputs.yTrue.length} entries, expected ${n} (one per row)`);
      for (let i = 0; i < n; i++) {
        const v = outputs.yTrue[i] as number;
        if (v !== v) continue;
        if (!Number.isFinite(v)) throw bad(`${field}.yTrue[${i}]`, `is ${String(v)}; labels must be finite numbers or NaN (not arrived)`);
        yTrue[i] = v;
      }
    }
    return { task: 'regression', n, k: 0, proba: new Float64Array(0), yPred, yTrue };
  }
  const k = outputs.nClasses;
  if (!(Number.isInteger(k) && k >= 2)) throw bad(`${field}.nClasses`, `is ${String(k)}; expected an integer >= 2`);
  if (outputs.proba.length % k !== 0) {
    throw bad(`${field}.proba`, `has ${outputs.proba.length} entries, not a multiple of nClasses = ${k} (row-major n×k)`);
  }
  const n = outputs.proba.length / k;
  const proba = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) {
      const p = outputs.proba[i * k + c] as number;
      if (!(p >= 0 && p <= 1)) throw bad(`${field}.proba[${i}][${c}]`, `is ${String(p)}; probabilities must lie in [0, 1]`);
      proba[i * k + c] = p;
      s += p;
    }
    if (Math.abs(s - 1) > 1e-6) throw bad(`${field}.proba[${i}]`, `sums to ${s}; each row must hold class probabilities summing to 1`);
  }
  let yPred: Float64Array;
  if (outputs.yPred === undefined) {
    yPred = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if ((proba[i * k + c] as number) > (proba[i * k + best] as number)) best = c;
      yPred[i] = best;
    }
  } else {
    yPred = checkClassCodes(`${field}.yPred`, outputs.yPred, n, k, false);
  }
  const yTrue =
    outputs.yTrue === undefined ? new Float64Array(n).fill(Number.NaN) : checkClassCodes(`${field}.yTrue`, outputs.yTrue, n, k, true);
  return { task: 'classification', n, k, proba, yPred, yTrue };
}

/**
 * Validates windows against n rows: integer bounds with 0 ≤ start ≤ end ≤ n. Windows may be empty and may
 * overlap (sliding windows); they are reported in the order given.
 * @throws MLP_MONITOR_PERF_INPUT naming the window.
 */
export function checkWindows(windows: readonly RowWindow[], n: number): void {
  windows.forEach((w, j) => {
    if (!(Number.isInteger(w.start) && Number.isInteger(w.end) && w.start >= 0 && w.start <= w.end && w.end <= n)) {
      throw bad(`windows[${j}]`, `is [${String(w.start)}, ${String(w.end)}); expected integers with 0 <= start <= end <= ${n}`);
    }
  });
}

/** Checks a probability-like option in (0, 1). */
export function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) throw bad('confidence', `is ${String(confidence)}; expected a number in (0, 1), e.g. 0.95`);
}

/** Checks a positive integer option. */
export function checkCount(field: string, value: number, min: number): void {
  if (!(Number.isInteger(value) && value >= min)) throw bad(field, `is ${String(value)}; expected an integer >= ${min}`);
}

/** Indices of the rows in `[start, end)` whose label has arrived. */
export function labelledRows(yTrue: Float64Array, start: number, end: number): Uint32Array {
  let m = 0;
  for (let i = start; i < end; i++) if (yTrue[i] === yTrue[i]) m++;
  const out = new Uint32Array(m);
  m = 0;
  for (let i = start; i < end; i++) if (yTrue[i] === yTrue[i]) out[m++] = i;
  return out;
}
