import { InvalidParamError } from '../../core/index.js';
import { argmaxRows } from '../argmax.js';
import { importanceKindOf, TREE_IMPORTANCE_KINDS, treeImportance } from '../importance.js';
import type { ImportanceKind } from '../importance.js';
import type { ModelState, Task, TrainedModel, TrainingOutcome } from '../learner.js';
import { checkPredictMatrix } from '../learner-input.js';
import type { FeatureMatrix } from '../matrix.js';
import { forestToState } from './state.js';
import type { ForestLearnerId, ForestModelData } from './state.js';
import type { OobResult } from './train.js';
import { treeViewOf } from '../tree-view.js';
import type { TreeEnsembleView } from '../tree-view.js';
import { leafOfRow } from './tree.js';

/** Importance kinds of a forest, scikit-learn's first. */
const FOREST_IMPORTANCE_KINDS = ['impurity', ...TREE_IMPORTANCE_KINDS] as const;

/**
 * A fitted random forest / extra-trees model. Predictions are the mean over trees of the leaf vectors
 * (probabilities for classification, sklearn's soft voting; the class is the first most probable one).
 */
export class ForestModel implements TrainedModel {
  readonly learner: ForestLearnerId;
  readonly task: Task;
  readonly featureNames: readonly string[];
  readonly classes?: readonly string[];
  readonly data: ForestModelData;
  /** OOB predictions and score; only on a model just trained with `oobScore: true` (not saved in the state). */
  readonly oob: OobResult | null;
  readonly training?: TrainingOutcome;
  readonly importanceKinds = FOREST_IMPORTANCE_KINDS;

  constructor(data: ForestModelData, oob: OobResult | null = null) {
    this.data = data;
    this.learner = data.learner;
    this.task = data.task;
    this.featureNames = data.featureNames;
    if (data.classes !== undefined) this.classes = data.classes;
    if (data.training !== undefined) this.training = data.training;
    this.oob = oob;
  }

  /** Mean leaf vectors, row-major `rows × outputs`. */
  #average(X: FeatureMatrix): Float64Array {
    checkPredictMatrix(this.learner, X, this.featureNames, true);
    const K = this.data.outputs;
    const n = X.rows;
    const out = new Float64Array(n * K);
    const trees = this.data.trees;
    for (const t of trees) {
      const values = t.values;
      if (K === 1) {
        for (let i = 0; i < n; i++) out[i] = (out[i] as number) + (values[leafOfRow(t, X.columns, i)] as number);
      } else {
        for (let i = 0; i < n; i++) {
          const o = leafOfRow(t, X.columns, i) * K;
          for (let c = 0; c < K; c++) out[i * K + c] = (out[i * K + c] as number) + (values[o + c] as number);
        }
      }
    }
    const inv = trees.length;
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / inv;
    return out;
  }

  /** Regression: the mean prediction; classification: the most probable class index (as a float). */
  predict(X: FeatureMatrix): Float64Array {
    const avg = this.#average(X);
    return this.task === 'regression' ? avg : argmaxRows(avg, X.rows, this.data.outputs);
  }

  /**
   * Row-major `rows × classes` probabilities (the mean over trees of the leaves' class distributions).
   * @throws MLP_ML_INVALID_PARAM for a regression model; MLP_ML_BAD_TRAINING_DATA for input of the wrong shape.
   */
  predictProba(X: FeatureMatrix): Float64Array {
    if (this.task === 'regression') {
      throw InvalidParamError({
        learner: this.learner,
        param: 'predictProba',
        problem: 'a regression model gives no probabilities; call predict',
      });
    }
    return this.#average(X);
  }

  /**
   * `impurity` (default): scikit-learn's normalised mean decrease in impurity; the tree kinds (`gain`, `split`,
   * `total-gain`, `cover`, `total-cover`) from the nodes' impurity decreases and weighted in-bag row counts.
   * @throws MLP_ML_INVALID_PARAM for other kinds.
   */
  featureImportance(kind?: ImportanceKind): Float64Array {
    const chosen = importanceKindOf(this.learner, FOREST_IMPORTANCE_KINDS, kind);
    if (chosen === 'impurity') return this.data.importance.slice();
    return treeImportance(this.data.trees, this.featureNames.length, chosen);
  }

  /** The trees (leaf vectors of every output: class distributions or the mean target), averaged, no link. */
  treeView(): TreeEnsembleView {
    const K = this.data.outputs;
    return {
      featureNames: this.featureNames,
      trees: this.data.trees.map((t) => treeViewOf(t, t.values)),
      width: K,
      treeOutput: new Int32Array(this.data.trees.length),
      numOutputs: K,
      baseScore: new Float64Array(K),
      aggregation: 'mean',
      link: 'identity',
    };
  }

  toState(): ModelState {
    return forestToState(this.data);
  }
}
