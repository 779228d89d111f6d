import { InvalidParamError, TASKS } from '../../core/index.js';
import { argmaxRows } from '../argmax.js';
import type { ModelState, Task, TrainedModel } from '../learner.js';
import type { FeatureMatrix } from '../matrix.js';
import { checkPredictMatrix, copyArray, StateReader } from '../learner-input.js';
import { NeighborSearch } from './neighbor-search.js';
import type { KnnParams } from './params.js';

/** Layout version of the `knn` model state. */
export const KNN_FORMAT_VERSION = 1;

/** Features at or below which `algorithm: 'auto'` uses a KD-tree. */
export const KD_TREE_MAX_FEATURES = 15;

/** The training data a k-NN model is, plus its settings. */
export interface KnnModelData {
  readonly task: Task;
  readonly featureNames: readonly string[];
  readonly classes?: readonly string[];
  readonly params: KnnParams;
  /** Row-major `rows × features` training points (rows with weight 0 dropped). */
  readonly points: Float64Array;
  /** Regression targets, or class codes stored as floats. */
  readonly targets: Float64Array;
  readonly weights: Float64Array;
}

/**
 * A k-nearest-neighbours model: the stored training rows and an exact neighbour search (KD-tree for few features,
 * brute force otherwise; both give identical neighbours). Classification probabilities are the weighted vote
 * shares; regression predicts the weighted mean of the neighbours' targets.
 */
export class KnnModel implements TrainedModel {
  readonly learner = 'knn';
  readonly task: Task;
  readonly featureNames: readonly string[];
  readonly classes?: readonly string[];
  readonly data: KnnModelData;
  readonly #search: NeighborSearch;
  readonly #rows: number;

  constructor(data: KnnModelData) {
    this.data = data;
    this.task = data.task;
    this.featureNames = data.featureNames;
    if (data.classes !== undefined) this.classes = data.classes;
    const p = data.featureNames.length;
    this.#rows = data.targets.length;
    const { algorithm, leafSize, metric } = data.params;
    const useTree = algorithm === 'kd-tree' || (algorithm === 'auto' && p <= KD_TREE_MAX_FEATURES && this.#rows > 2 * leafSize);
    this.#search = new NeighborSearch(data.points, this.#rows, p, metric, useTree, leafSize);
  }

  /** Whether the neighbour search uses a KD-tree. */
  get usesKdTree(): boolean {
    return this.#search.usesTree;
  }

  /**
   * The k nearest training rows of every query row, nearest first (ties: lower training row first).
   * @returns `index` and `distance`, row-major `rows × k` (k clamped to the training rows).
   */
  kneighbors(X: FeatureMatrix): { index: Int32Array; distance: Float64Array; k: number } {
    checkPredictMatrix('knn', X, this.featureNames, false);
    const p = this.featureNames.length;
    const m = X.rows;
    const queries = new Float64Array(m * p);
    for (let j = 0; j < p; j++) {
      const col = X.columns[j] as Float64Array;
      for (let i = 0; i < m; i++) queries[i * p + j] = col[i] as number;
    }
    const k = Math.min(this.data.params.k, this.#rows);
    const index = new Int32Array(m * k);
    const distance = new Float64Array(m * k);
    this.#search.query(queries, m, k, index, distance);
    return { index, distance, k };
  }

  predict(X: FeatureMatrix): Float64Array {
    if (this.classes !== undefined) return argmaxRows(this.predictProba(X), X.rows, this.classes.length);
    const { index, distance, k } = this.kneighbors(X);
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      const zero = this.#hasZero(distance, i * k, k);
      let num = 0;
      let den = 0;
      for (let r = i * k; r < i * k + k; r++) {
        const w = this.#voteWeight(distance[r] as number, zero) * (this.data.weights[index[r] as number] as number);
        num += w * (this.data.targets[index[r] as number] as number);
        den += w;
      }
      out[i] = num / den;
    }
    return out;
  }

  predictProba(X: FeatureMatrix): Float64Array {
    if (this.classes === undefined) {
      throw InvalidParamError({
        learner: 'knn',
        param: 'predictProba',
        problem: 'a regression model gives no probabilities; call predict',
      });
    }
    const c = this.classes.length;
    const { index, distance, k } = this.kneighbors(X);
    const out = new Float64Array(X.rows * c);
    for (let i = 0; i < X.rows; i++) {
      const zero = this.#hasZero(distance, i * k, k);
      let total = 0;
      for (let r = i * k; r < i * k + k; r++) {
        const w = this.#voteWeight(distance[r] as number, zero) * (this.data.weights[index[r] as number] as number);
        const cls = this.data.targets[index[r] as number] as number;
        out[i * c + cls] = (out[i * c + cls] as number) + w;
        total += w;
      }
      for (let t = 0; t < c; t++) out[i * c + t] = (out[i * c + t] as number) / total;
    }
    return out;
  }

  #hasZero(distance: Float64Array, from: number, k: number): boolean {
    if (this.data.params.weights !== 'distance') return false;
    for (let r = from; r < from + k; r++) if (distance[r] === 0) return true;
    return false;
  }

  /** sklearn's rule: 1/d, or when the query coincides with training rows, 1 for those and 0 for the rest. */
  #voteWeight(d: number, zero: boolean): number {
    if (this.data.params.weights === 'uniform') return 1;
    if (zero) return d === 0 ? 1 : 0;
    return 1 / d;
  }

  toState(): ModelState {
    const d = this.data;
    return {
      learner: 'knn',
      formatVersion: KNN_FORMAT_VERSION,
      meta: {
        task: d.task,
        featureNames: [...d.featureNames],
        ...(d.classes === undefined ? {} : { classes: [...d.classes] }),
        k: d.params.k,
        weights: d.params.weights,
        metric: d.params.metric,
        algorithm: d.params.algorithm,
        leafSize: d.params.leafSize,
      },
      arrays: { points: copyArray(d.points), targets: copyArray(d.targets), weights: copyArray(d.weights) },
    };
  }
}

/** Rebuilds a {@link KnnModel} (and its search tree) from its state. @throws MLP_ML_BUNDLE_INVALID */
export function loadKnnModel(state: ModelState): KnnModel {
  const r = new StateReader(state, 'knn', KNN_FORMAT_VERSION);
  const task = r.string<Task>('task', TASKS);
  const featureNames = r.strings('featureNames');
  const classes = task === 'regression' ? undefined : r.strings('classes');
  const params: KnnParams = {
    k: r.number('k', true),
    weights: r.string('weights', ['uniform', 'distance']),
    metric: r.string('metric', ['euclidean', 'manhattan']),
    algorithm: r.string('algorithm', ['auto', 'kd-tree', 'brute']),
    leafSize: r.number('leafSize', true),
  };
  if (params.k < 1) r.fail('meta.k', 'must be at least 1');
  if (params.leafSize < 1) r.fail('meta.leafSize', 'must be at least 1');
  const rows = state.arrays.targets?.length ?? 0;
  if (rows < 1) r.fail('arrays.targets', 'expected at least one training row');
  const targets = r.array('targets', Float64Array, rows);
  const points = r.array('points', Float64Array, rows * featureNames.length);
  const weights = r.array('weights', Float64Array, rows);
  for (const v of points) if (!Number.isFinite(v)) r.fail('arrays.points', 'holds a non-finite value');
  for (const w of weights) if (!(w > 0) || !Number.isFinite(w)) r.fail('arrays.weights', 'holds a weight that is not finite and positive');
  for (const t of targets) {
    if (!Number.isFinite(t)) r.fail('arrays.targets', 'holds a non-finite value');
    if (classes !== undefined && (t < 0 || t >= classes.length || !Number.isInteger(t)))
      r.fail('arrays.targets', `class code ${t} is out of range`);
  }
  return new KnnModel({ task, featureNames, ...(classes === undefined ? {} : { classes }), params, points, targets, weights });
}
