/**
 * Turning stored predictions (JSON inputs, outputs and labels, as `predict --log` and the ingestion API store
 * them) and a model version's reference rows into the arrays performance monitoring scores: class codes, row-major
 * probabilities, and a numeric input matrix for DLE's error models. Every value that does not fit is refused with
 * `MLP_MONITOR_WINDOW_OUTPUTS` naming the prediction id and field, never turned into a NaN.
 */
import { WindowOutputsError } from '../core/index.js';
import type { Task } from '../ml/index.js';

/** How inputs become DLE features: numbers as they are, every other column as codes of the reference's values. */
export interface InputEncoder {
  readonly names: readonly string[];
  readonly categorical: readonly boolean[];
  /** Per column: value → code for a categorical column (values unseen in the reference become missing), else null. */
  readonly levels: ReadonlyArray<ReadonlyMap<string, number> | null>;
}

type Scalar = number | string | boolean | null;

/**
 * The encoder of a reference: a column whose reference values are all numbers or booleans (or missing) is numeric,
 * any other is categorical with its distinct values, sorted, as codes.
 */
export function inputEncoder(names: readonly string[], rows: ReadonlyArray<Readonly<Record<string, Scalar>>>): InputEncoder {
  const categorical: boolean[] = [];
  const levels: Array<Map<string, number> | null> = [];
  for (const name of names) {
    let numeric = true;
    const seen = new Set<string>();
    for (const row of rows) {
      const v = row[name];
      if (v === null || v === undefined) continue;
      if (typeof v !== 'number' && typeof v !== 'boolean') numeric = false;
      seen.add(String(v));
    }
    categorical.push(!numeric);
    levels.push(numeric ? null : new Map([...seen].sort().map((v, i) => [v, i])));
  }
  return { names, categorical, levels };
}

/** Column-major features of `rows` (objects of column → value); missing or unseen values are NaN (gbdt's missing). */
export function encodeInputs(encoder: InputEncoder, rows: ReadonlyArray<Readonly<Record<string, unknown>>>): Float64Array[] {
  return encoder.names.map((name, j) => {
    const out = new Float64Array(rows.length);
    const map = encoder.levels[j] ?? null;
    for (let i = 0; i < rows.length; i++) {
      const v = (rows[i] as Record<string, unknown>)[name];
      if (v === null || v === undefined) out[i] = Number.NaN;
      else if (map !== null) out[i] = map.get(String(v)) ?? Number.NaN;
      else if (typeof v === 'number') out[i] = Number.isFinite(v) ? v : Number.NaN;
      else if (typeof v === 'boolean') out[i] = v ? 1 : 0;
      else out[i] = Number.NaN;
    }
    return out;
  });
}

/** One stored prediction, parsed. */
export interface ParsedPrediction {
  readonly predictionId: string;
  readonly inputs: Record<string, unknown>;
  readonly outputs: unknown;
  /** The label's JSON value, or undefined when none has arrived. */
  readonly label: unknown;
}

/** Arrays of a run of stored predictions, ready for windowedPerformance / estimateCbpe / estimateDle. */
export interface EncodedOutputs {
  readonly yPred: Float64Array;
  /** NaN where no label has arrived. */
  readonly yTrue: Float64Array;
  /** Row-major n × k (classifiers; empty for regressors). */
  readonly proba: Float64Array;
}

/**
 * Encodes stored outputs and labels for a model of `task` with `classes`. A classifier's outputs must be an object
 * with `proba_<class>` for every class (what `predict --log` stores) and may have `prediction` (a class label; the
 * most probable class otherwise); a regressor's a number or an object with a numeric `prediction`. Labels must be
 * one of the classes (compared as text) or, for a regressor, a finite number.
 * @throws MLP_MONITOR_WINDOW_OUTPUTS naming the prediction and field.
 */
export function encodeOutputs(
  model: string,
  task: Task,
  classes: readonly string[] | undefined,
  rows: readonly ParsedPrediction[],
): EncodedOutputs {
  const n = rows.length;
  const yPred = new Float64Array(n);
  const yTrue = new Float64Array(n).fill(Number.NaN);
  const k = task === 'regression' ? 0 : (classes ?? []).length;
  const proba = new Float64Array(n * k);
  const codes = new Map((classes ?? []).map((c, i) => [c, i]));
  rows.forEach((row, i) => {
    const fail = (field: string, problem: string): Error => WindowOutputsError({ model, predictionId: row.predictionId, field, problem });
    const out = row.outputs;
    if (task === 'regression') {
      const value =
        typeof out === 'number'
          ? out
          : typeof out === 'object' && out !== null
            ? (out as Record<string, unknown>)['prediction']
            : undefined;
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw fail('outputs.prediction', `is ${JSON.stringify(value) ?? 'absent'}; a regressor's prediction must be a finite number`);
      yPred[i] = value as number;
      if (row.label !== undefined) {
        if (typeof row.label !== 'number' || !Number.isFinite(row.label))
          throw fail('label', `is ${JSON.stringify(row.label)}; expected a finite number`);
        yTrue[i] = row.label;
      }
      return;
    }
    if (typeof out !== 'object' || out === null || Array.isArray(out))
      throw fail(
        'outputs',
        `is ${JSON.stringify(out)}; expected an object with proba_<class> for each class (${[...codes.keys()].join(', ')})`,
      );
    const o = out as Record<string, unknown>;
    let best = 0;
    for (let c = 0; c < k; c++) {
      const key = `proba_${(classes as readonly string[])[c] as string}`;
      const p = o[key];
      if (typeof p !== 'number' || !(p >= 0 && p <= 1))
        throw fail(`outputs.${key}`, `is ${JSON.stringify(p) ?? 'absent'}; expected a probability in [0, 1]`);
      proba[i * k + c] = p;
      if (p > (proba[i * k + best] as number)) best = c;
    }
    const predicted = o['prediction'];
    if (predicted === undefined || predicted === null) yPred[i] = best;
    else {
      const code = codes.get(String(predicted));
      if (code === undefined)
        throw fail('outputs.prediction', `is ${JSON.stringify(predicted)}, not one of the classes ${[...codes.keys()].join(', ')}`);
      yPred[i] = code;
    }
    if (row.label !== undefined) {
      const code = codes.get(String(row.label));
      if (code === undefined)
        throw fail('label', `is ${JSON.stringify(row.label)}, not one of the classes ${[...codes.keys()].join(', ')}`);
      yTrue[i] = code;
    }
  });
  return { yPred, yTrue, proba };
}
