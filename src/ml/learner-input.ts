import type { z } from 'zod';

import { BundleInvalidError, InvalidParamError, TrainingDataError } from '../core/index.js';
import type { JsonValue } from '../core/index.js';
import type { TrainingTarget } from './learner.js';
import type { FeatureMatrix } from './matrix.js';
import { validateMatrix } from './matrix.js';
import type { ModelState, StateArray, TrainingOutcome } from './learner.js';
import { isTrainingOutcome } from './fit-control.js';
import { didYouMean } from './param-aliases.js';
import type { ParamAliases } from './param-aliases.js';

/** Training input after the checks every built-in learner shares. */
export interface CheckedTraining {
  readonly rows: number;
  readonly cols: number;
  /** Row weights (all 1 when the target has none). */
  readonly weights: Float64Array;
  readonly weightSum: number;
  /** Classification: class codes (indices into `classes`) that have positive total weight, ascending. */
  readonly activeClasses: Int32Array;
}

/**
 * Checks training data: non-empty, matrix shape, targets finite (regression) or valid class codes
 * (classification, at least two classes with positive weight), weights finite and non-negative with a positive
 * sum, no infinite feature value and — unless `allowMissing` — no NaN feature value.
 * @throws MLP_ML_BAD_TRAINING_DATA naming the column, row and what to do.
 */
export function checkTrainingData(learner: string, X: FeatureMatrix, target: TrainingTarget, allowMissing: boolean): CheckedTraining {
  validateMatrix(X);
  const n = X.rows;
  if (n === 0) throw TrainingDataError({ problem: `the training set has no rows; ${learner} needs at least one row` });
  if (X.cols === 0) throw TrainingDataError({ problem: `the training set has no feature columns; ${learner} needs at least one` });
  if (target.y.length !== n)
    throw TrainingDataError({ field: 'label', problem: `${target.y.length} labels for ${n} rows; give one label per row` });
  const weights = target.weights === undefined ? new Float64Array(n).fill(1) : target.weights;
  if (weights.length !== n)
    throw TrainingDataError({ field: 'weight', problem: `${weights.length} weights for ${n} rows; give one weight per row` });
  let weightSum = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    if (!(w >= 0) || !Number.isFinite(w))
      throw TrainingDataError({ field: 'weight', problem: `row ${i}: ${w} is not a finite non-negative weight` });
    weightSum += w;
  }
  if (!(weightSum > 0))
    throw TrainingDataError({ field: 'weight', problem: 'all weights are 0; at least one row needs a positive weight' });
  rejectNonFinite(learner, X, 'training', allowMissing);

  let activeClasses = new Int32Array(0);
  if (target.task === 'regression') {
    for (let i = 0; i < n; i++) {
      const v = target.y[i] as number;
      if (!Number.isFinite(v))
        throw TrainingDataError({
          field: 'label',
          problem: `row ${i}: ${v} is not a finite number; drop or fill rows with missing targets`,
        });
    }
  } else {
    const k = target.classes.length;
    if (k < 2) throw TrainingDataError({ field: 'label', problem: `${k} class label(s) given; a classifier needs at least two classes` });
    if (target.task === 'binary' && k !== 2)
      throw TrainingDataError({ field: 'label', problem: `task "binary" needs exactly 2 classes, got ${k}; use "multiclass"` });
    const classWeight = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const c = target.y[i] as number;
      if (c < 0 || c >= k) throw TrainingDataError({ field: 'label', problem: `row ${i}: class code ${c} is outside 0..${k - 1}` });
      classWeight[c] = (classWeight[c] as number) + (weights[i] as number);
    }
    const active: number[] = [];
    for (let c = 0; c < k; c++) if ((classWeight[c] as number) > 0) active.push(c);
    if (active.length < 2) {
      const only = active[0] === undefined ? '?' : (target.classes[active[0]] ?? '?');
      throw TrainingDataError({
        field: 'label',
        problem: `every weighted row has class ${JSON.stringify(only)}; a classifier needs at least two classes in the training data`,
      });
    }
    activeClasses = Int32Array.from(active);
  }
  return { rows: n, cols: X.cols, weights, weightSum, activeClasses };
}

/**
 * Checks a matrix given to `predict`: same number of columns as at training, no infinite value and, unless
 * `allowMissing`, no NaN.
 * @throws MLP_ML_BAD_TRAINING_DATA (the catalog's code for bad learner input) naming what is wrong.
 */
export function checkPredictMatrix(learner: string, X: FeatureMatrix, featureNames: readonly string[], allowMissing: boolean): void {
  if (X.cols !== featureNames.length || X.columns.length !== featureNames.length) {
    throw TrainingDataError({
      problem: `${learner} model expects ${featureNames.length} feature columns (${featureNames.join(', ')}), got ${X.columns.length}; pass the columns the model was trained on, in the same order`,
    });
  }
  for (let j = 0; j < X.cols; j++) {
    const len = (X.columns[j] as Float64Array).length;
    if (len !== X.rows)
      throw TrainingDataError({ field: featureNames[j] as string, problem: `has ${len} values, expected ${X.rows} (one per row)` });
  }
  rejectNonFinite(learner, X, 'prediction', allowMissing);
}

/** Infinite values are never accepted; NaN (missing) only when the learner handles missing values. */
function rejectNonFinite(learner: string, X: FeatureMatrix, what: string, allowMissing: boolean): void {
  for (let j = 0; j < X.cols; j++) {
    const col = X.columns[j] as Float64Array;
    for (let i = 0; i < col.length; i++) {
      const v = col[i] as number;
      if (!Number.isFinite(v) && !(allowMissing && v !== v)) {
        throw TrainingDataError({
          field: X.names[j] ?? `f${j}`,
          problem:
            v !== v
              ? `${what} row ${i} is missing (NaN); ${learner} does not handle missing values — impute them first (e.g. an imputer step in preprocessing)`
              : `${what} row ${i} is ${v}; infinite values are not accepted — clip or drop them`,
        });
      }
    }
  }
}

type ArrayCtor<T extends StateArray> = { new (length: number): T; readonly name: string };

/** Reads and checks a learner's {@link ModelState}; every problem becomes MLP_ML_BUNDLE_INVALID. */
export class StateReader {
  readonly #state: ModelState;
  readonly #where: string;

  /** @throws MLP_ML_BUNDLE_INVALID when the learner id or format version is not the expected one. */
  constructor(state: ModelState, learner: string, formatVersion: number) {
    this.#state = state;
    this.#where = `${learner} state`;
    if (state.learner !== learner)
      this.fail('learner', `belongs to learner ${JSON.stringify(state.learner)}, not ${JSON.stringify(learner)}`);
    if (state.formatVersion !== formatVersion) {
      this.fail(
        'formatVersion',
        `version ${state.formatVersion} is not supported (this build reads ${formatVersion}); retrain or upgrade mlpilot`,
      );
    }
  }

  /** Throws MLP_ML_BUNDLE_INVALID for `field` of this state. */
  fail(field: string, problem: string): never {
    throw BundleInvalidError({ location: `${this.#where} field ${field}`, problem });
  }

  #meta(key: string): JsonValue | undefined {
    return this.#state.meta[key];
  }

  /** `meta[key]` as a string, optionally one of `allowed`. */
  string<T extends string>(key: string, allowed?: readonly T[]): T {
    const v = this.#meta(key);
    if (typeof v !== 'string' || (allowed !== undefined && !allowed.includes(v as T))) {
      this.fail(`meta.${key}`, `expected ${allowed === undefined ? 'a string' : `one of ${allowed.join(', ')}`}, got ${JSON.stringify(v)}`);
    }
    return v as T;
  }

  /** `meta[key]` as a finite number (an integer when `integer`). */
  number(key: string, integer = false): number {
    const v = this.#meta(key);
    if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v)))
      this.fail(`meta.${key}`, `expected ${integer ? 'an integer' : 'a number'}, got ${JSON.stringify(v)}`);
    return v;
  }

  /** `meta[key]` as a boolean. */
  boolean(key: string): boolean {
    const v = this.#meta(key);
    if (typeof v !== 'boolean') this.fail(`meta.${key}`, `expected true or false, got ${JSON.stringify(v)}`);
    return v;
  }

  /** `meta[key]` as an array of strings. */
  strings(key: string): string[] {
    const v = this.#meta(key);
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) this.fail(`meta.${key}`, 'expected an array of strings');
    return v as string[];
  }

  /** `meta[key]` as an array of booleans. */
  booleans(key: string): boolean[] {
    const v = this.#meta(key);
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'boolean')) this.fail(`meta.${key}`, 'expected an array of booleans');
    return v as boolean[];
  }

  /** `meta.training` (how the fit ended), or undefined for states saved before it was recorded. */
  training(): TrainingOutcome | undefined {
    const v = this.#meta('training');
    if (v !== undefined && !isTrainingOutcome(v)) this.fail('meta.training', 'expected { stoppedBy, iterations }');
    return v as TrainingOutcome | undefined;
  }

  /** A typed array of the given class and exact length. */
  array<T extends StateArray>(name: string, ctor: ArrayCtor<T>, length: number): T {
    const a = this.#state.arrays[name];
    if (!(a instanceof ctor)) this.fail(`arrays.${name}`, `expected a ${ctor.name}`);
    if (a.length !== length) this.fail(`arrays.${name}`, `has ${a.length} values, expected ${length}`);
    return a;
  }
}

/** A deterministic copy of a typed array for `toState()` (callers may mutate what they get). */
export function copyArray<T extends StateArray>(a: T): T {
  return a.slice() as T;
}

/** The parameter names of a learner's (object) schema, in declaration order. */
export function paramNames(schema: z.ZodType): string[] {
  return Object.keys((schema as unknown as { shape?: Record<string, unknown> }).shape ?? {});
}

/**
 * Parses hyperparameters with a learner's zod schema (defaults applied).
 * @param aliases the learner's {@link ParamAliases}: an unknown name that is another library's name for a
 *   parameter, or a near miss of one, gets "did you mean …".
 * @throws MLP_ML_INVALID_PARAM naming the parameter and what is allowed; an unknown name lists the valid ones.
 */
export function parseLearnerParams<P>(learner: string, schema: z.ZodType<P>, params: unknown, aliases: ParamAliases = {}): P {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const known = paramNames(schema);
    const hints = issue.keys.map((k) => {
      const hint = didYouMean(k, known, aliases);
      return hint === undefined ? undefined : issue.keys.length === 1 ? hint : `${k}: ${hint}`;
    });
    const said = hints.filter((h): h is string => h !== undefined);
    const problem = `unknown parameter${issue.keys.length === 1 ? '' : 's'}; ${said.length > 0 ? `${said.join('; ')}; ` : ''}valid parameters: ${known.join(', ')}`;
    throw InvalidParamError({ learner, param: issue.keys.join(', '), problem });
  }
  throw InvalidParamError({ learner, param: issue?.path.join('.') || '(root)', problem: issue?.message ?? 'invalid value' });
}
