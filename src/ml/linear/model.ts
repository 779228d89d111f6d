import { InvalidParamError, TASKS } from '../../core/index.js';
import { argmaxRows } from '../argmax.js';
import { importanceKindOf } from '../importance.js';
import type { ImportanceKind } from '../importance.js';
import type { Task, TrainedModel, ModelState, TrainingOutcome } from '../learner.js';
import type { FeatureMatrix } from '../matrix.js';
import { checkPredictMatrix, copyArray, StateReader } from '../learner-input.js';

const LINEAR_IMPORTANCE_KINDS = ['standardized-coef', 'coef'] as const;

/** Layout version of the `linear` model state. */
export const LINEAR_FORMAT_VERSION = 1;

/** Everything a fitted linear model is; plain data. */
export interface LinearModelData {
  readonly task: Task;
  readonly featureNames: readonly string[];
  /** Classification: all class labels (index = class code). */
  readonly classes?: readonly string[];
  /** Classification: class codes with a score; binary models score the second against the first. */
  readonly activeClasses: Int32Array;
  /** `outputs × features`, row-major, raw feature units. */
  readonly coef: Float64Array;
  readonly intercept: Float64Array;
  /** Weighted training standard deviation per feature (importance = |coef|·std). */
  readonly std: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  /** How the fit ended; absent in states saved before it was recorded. */
  readonly training?: TrainingOutcome;
}

/**
 * A fitted linear / logistic model. Regression predicts x·β + b; binary classification p = σ(x·β + b) for the
 * second active class; multinomial the softmax of one score per active class. Classes absent from the training
 * data get probability 0.
 */
export class LinearModel implements TrainedModel {
  readonly learner = 'linear';
  readonly task: Task;
  readonly featureNames: readonly string[];
  readonly classes?: readonly string[];
  readonly data: LinearModelData;
  readonly training?: TrainingOutcome;
  /** `standardized-coef` (the default) and `coef`. */
  readonly importanceKinds = LINEAR_IMPORTANCE_KINDS;
  readonly #outputs: number;

  constructor(data: LinearModelData) {
    this.data = data;
    this.task = data.task;
    this.featureNames = data.featureNames;
    if (data.classes !== undefined) this.classes = data.classes;
    if (data.training !== undefined) this.training = data.training;
    this.#outputs = data.intercept.length;
  }

  /** Raw scores, `rows × outputs` row-major. */
  decisionFunction(X: FeatureMatrix): Float64Array {
    checkPredictMatrix('linear', X, this.featureNames, false);
    const n = X.rows;
    const p = this.featureNames.length;
    const k = this.#outputs;
    const out = new Float64Array(n * k);
    for (let o = 0; o < k; o++) {
      const b = this.data.intercept[o] as number;
      for (let i = 0; i < n; i++) out[i * k + o] = b;
      for (let j = 0; j < p; j++) {
        const c = this.data.coef[o * p + j] as number;
        const col = X.columns[j] as Float64Array;
        for (let i = 0; i < n; i++) out[i * k + o] = (out[i * k + o] as number) + c * (col[i] as number);
      }
    }
    return out;
  }

  predict(X: FeatureMatrix): Float64Array {
    if (this.task === 'regression') return this.decisionFunction(X);
    return argmaxRows(this.predictProba(X), X.rows, (this.classes as readonly string[]).length);
  }

  predictProba(X: FeatureMatrix): Float64Array {
    if (this.classes === undefined) {
      throw InvalidParamError({
        learner: 'linear',
        param: 'predictProba',
        problem: 'a regression model gives no probabilities; call predict',
      });
    }
    const scores = this.decisionFunction(X);
    const n = X.rows;
    const k = this.classes.length;
    const active = this.data.activeClasses;
    const out = new Float64Array(n * k);
    if (this.#outputs === 1) {
      const c0 = active[0] as number;
      const c1 = active[1] as number;
      for (let i = 0; i < n; i++) {
        const e = scores[i] as number;
        const p1 = e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e));
        out[i * k + c1] = p1;
        out[i * k + c0] = 1 - p1;
      }
      return out;
    }
    const m = this.#outputs;
    for (let i = 0; i < n; i++) {
      let max = Number.NEGATIVE_INFINITY;
      for (let o = 0; o < m; o++) max = Math.max(max, scores[i * m + o] as number);
      let sum = 0;
      for (let o = 0; o < m; o++) sum += Math.exp((scores[i * m + o] as number) - max);
      for (let o = 0; o < m; o++) out[i * k + (active[o] as number)] = Math.exp((scores[i * m + o] as number) - max) / sum;
    }
    return out;
  }

  /**
   * `standardized-coef` (default): |coef| × the feature's training standard deviation; `coef`: |coef| in raw
   * units; both averaged over the outputs.
   * @throws MLP_ML_INVALID_PARAM for other kinds.
   */
  featureImportance(kind?: ImportanceKind): Float64Array {
    const scaled = importanceKindOf('linear', LINEAR_IMPORTANCE_KINDS, kind) === 'standardized-coef';
    const p = this.featureNames.length;
    const out = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let o = 0; o < this.#outputs; o++) s += Math.abs(this.data.coef[o * p + j] as number);
      out[j] = (s / this.#outputs) * (scaled ? (this.data.std[j] as number) : 1);
    }
    return out;
  }

  toState(): ModelState {
    const d = this.data;
    return {
      learner: 'linear',
      formatVersion: LINEAR_FORMAT_VERSION,
      meta: {
        task: d.task,
        featureNames: [...d.featureNames],
        ...(d.classes === undefined ? {} : { classes: [...d.classes] }),
        iterations: d.iterations,
        converged: d.converged,
        ...(d.training === undefined ? {} : { training: { ...d.training } }),
      },
      arrays: {
        coef: copyArray(d.coef),
        intercept: copyArray(d.intercept),
        std: copyArray(d.std),
        activeClasses: copyArray(d.activeClasses),
      },
    };
  }
}

/** Rebuilds a {@link LinearModel} from its state. @throws MLP_ML_BUNDLE_INVALID */
export function loadLinearModel(state: ModelState): LinearModel {
  const r = new StateReader(state, 'linear', LINEAR_FORMAT_VERSION);
  const task = r.string<Task>('task', TASKS);
  const featureNames = r.strings('featureNames');
  const p = featureNames.length;
  const classes = task === 'regression' ? undefined : r.strings('classes');
  const training = r.training();
  const nActive = task === 'regression' ? 0 : (state.arrays.activeClasses?.length ?? 0);
  if (classes !== undefined) {
    if (classes.length < 2) r.fail('meta.classes', 'a classifier needs at least two classes');
    if (nActive < 2 || nActive > classes.length) r.fail('arrays.activeClasses', `expected 2..${classes.length} class codes`);
  }
  const outputs = task === 'regression' ? 1 : nActive === 2 ? 1 : nActive;
  const activeClasses = r.array('activeClasses', Int32Array, nActive);
  for (const c of activeClasses)
    if (classes === undefined || c < 0 || c >= classes.length) r.fail('arrays.activeClasses', `class code ${c} is out of range`);
  return new LinearModel({
    task,
    featureNames,
    ...(classes === undefined ? {} : { classes }),
    activeClasses,
    coef: r.array('coef', Float64Array, outputs * p),
    intercept: r.array('intercept', Float64Array, outputs),
    std: r.array('std', Float64Array, p),
    iterations: r.number('iterations', true),
    converged: r.boolean('converged'),
    ...(training === undefined ? {} : { training }),
  });
}
