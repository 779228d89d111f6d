import { argmaxRows } from '../argmax.js';
import type { ModelState, Task, TrainedModel } from '../learner.js';
import type { FeatureMatrix } from '../matrix.js';
import { checkPredictMatrix, copyArray, StateReader } from '../learner-input.js';
import { FEATURE_CATEGORICAL, FEATURE_GAUSSIAN, FEATURE_UNUSED } from './fit.js';
import type { NaiveBayesTables } from './fit.js';

/** Layout version of the `naive-bayes` model state. */
export const NAIVE_BAYES_FORMAT_VERSION = 1;

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * A fitted naive Bayes classifier. Joint log-likelihood = log prior + Σ Gaussian log densities of numeric
 * features + Σ log category frequencies of categorical features; probabilities are its softmax. A missing
 * value (NaN), or a category code never seen in training, leaves its feature out of that row's sum.
 */
export class NaiveBayesModel implements TrainedModel {
  readonly learner = 'naive-bayes';
  readonly task: Task;
  readonly featureNames: readonly string[];
  readonly classes: readonly string[];
  readonly categorical: readonly boolean[];
  readonly tables: NaiveBayesTables;

  constructor(
    task: Task,
    featureNames: readonly string[],
    categorical: readonly boolean[],
    classes: readonly string[],
    tables: NaiveBayesTables,
  ) {
    this.task = task;
    this.featureNames = featureNames;
    this.categorical = categorical;
    this.classes = classes;
    this.tables = tables;
  }

  /** Joint log-likelihood log P(class) + log P(x | class), row-major `rows × classes`. */
  jointLogLikelihood(X: FeatureMatrix): Float64Array {
    checkPredictMatrix('naive-bayes', X, this.featureNames, true);
    const t = this.tables;
    const n = X.rows;
    const p = this.featureNames.length;
    const K = t.classCount;
    const out = new Float64Array(n * K);
    for (let i = 0; i < n; i++) for (let c = 0; c < K; c++) out[i * K + c] = t.logPrior[c] as number;
    for (let j = 0; j < p; j++) {
      const col = X.columns[j] as Float64Array;
      const kind = t.kind[j];
      if (kind === FEATURE_GAUSSIAN) {
        for (let c = 0; c < K; c++) {
          const mu = t.mean[c * p + j] as number;
          const v = t.variance[c * p + j] as number;
          const norm = -0.5 * (LOG_2PI + Math.log(v));
          for (let i = 0; i < n; i++) {
            const x = col[i] as number;
            if (x !== x) continue;
            const d = x - mu;
            out[i * K + c] = (out[i * K + c] as number) + norm - (0.5 * d * d) / v;
          }
        }
      } else if (kind === FEATURE_CATEGORICAL) {
        const m = t.categories[j] as number;
        const base = t.offset[j] as number;
        for (let i = 0; i < n; i++) {
          const x = col[i] as number;
          if (!(x >= 0 && x < m) || x !== Math.floor(x)) continue;
          for (let c = 0; c < K; c++) out[i * K + c] = (out[i * K + c] as number) + (t.logProb[base + c * m + x] as number);
        }
      }
    }
    return out;
  }

  predictProba(X: FeatureMatrix): Float64Array {
    const jll = this.jointLogLikelihood(X);
    const K = this.tables.classCount;
    for (let i = 0; i < X.rows; i++) {
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < K; c++) max = Math.max(max, jll[i * K + c] as number);
      let sum = 0;
      for (let c = 0; c < K; c++) {
        const e = Math.exp((jll[i * K + c] as number) - max);
        jll[i * K + c] = e;
        sum += e;
      }
      for (let c = 0; c < K; c++) jll[i * K + c] = (jll[i * K + c] as number) / sum;
    }
    return jll;
  }

  predict(X: FeatureMatrix): Float64Array {
    return argmaxRows(this.jointLogLikelihood(X), X.rows, this.tables.classCount);
  }

  toState(): ModelState {
    const t = this.tables;
    return {
      learner: 'naive-bayes',
      formatVersion: NAIVE_BAYES_FORMAT_VERSION,
      meta: {
        task: this.task,
        featureNames: [...this.featureNames],
        categorical: [...this.categorical],
        classes: [...this.classes],
        epsilon: t.epsilon,
      },
      arrays: {
        logPrior: copyArray(t.logPrior),
        kind: copyArray(t.kind),
        mean: copyArray(t.mean),
        variance: copyArray(t.variance),
        categories: copyArray(t.categories),
        offset: copyArray(t.offset),
        logProb: copyArray(t.logProb),
      },
    };
  }
}

/** Rebuilds a {@link NaiveBayesModel} from its state. @throws MLP_ML_BUNDLE_INVALID */
export function loadNaiveBayesModel(state: ModelState): NaiveBayesModel {
  const r = new StateReader(state, 'naive-bayes', NAIVE_BAYES_FORMAT_VERSION);
  const task = r.string<Task>('task', ['binary', 'multiclass']);
  const featureNames = r.strings('featureNames');
  const categorical = r.booleans('categorical');
  const classes = r.strings('classes');
  const p = featureNames.length;
  const K = classes.length;
  if (categorical.length !== p) r.fail('meta.categorical', `has ${categorical.length} flags for ${p} features`);
  if (K < 2) r.fail('meta.classes', 'a classifier needs at least two classes');
  const kind = r.array('kind', Uint8Array, p);
  const categories = r.array('categories', Int32Array, p);
  const offset = r.array('offset', Int32Array, p);
  const logProb = r.array('logProb', Float64Array, state.arrays.logProb?.length ?? 0);
  for (let j = 0; j < p; j++) {
    const k = kind[j] as number;
    if (k !== FEATURE_GAUSSIAN && k !== FEATURE_CATEGORICAL && k !== FEATURE_UNUSED)
      r.fail('arrays.kind', `feature ${j} has unknown kind ${k}`);
    if (k === FEATURE_CATEGORICAL) {
      const m = categories[j] as number;
      const o = offset[j] as number;
      if (m < 1 || o < 0 || o + K * m > logProb.length) r.fail('arrays.offset', `feature ${j}'s category block lies outside logProb`);
    }
  }
  const variance = r.array('variance', Float64Array, K * p);
  for (const v of variance) if (!(v > 0)) r.fail('arrays.variance', 'holds a variance that is not positive');
  const logPrior = r.array('logPrior', Float64Array, K);
  if (!logPrior.some((v) => Number.isFinite(v))) r.fail('arrays.logPrior', 'no class has a finite prior');
  const tables: NaiveBayesTables = {
    classCount: K,
    logPrior,
    kind,
    mean: r.array('mean', Float64Array, K * p),
    variance,
    categories,
    offset,
    logProb,
    epsilon: r.number('epsilon'),
  };
  return new NaiveBayesModel(task, featureNames, categorical, classes, tables);
}
