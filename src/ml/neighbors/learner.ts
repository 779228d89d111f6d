import { TASKS } from '../../core/index.js';
import { defineLearner } from '../define-learner.js';
import type { Learner } from '../learner.js';
import { checkTrainingData } from '../learner-input.js';
import type { SearchSpace } from '../search-space.js';
import { KnnModel, loadKnnModel } from './model.js';
import { KNN_PARAM_ALIASES, knnParamsSchema } from './params.js';
import type { KnnParams } from './params.js';

/**
 * Where AutoML searches `knn`: auto-sklearn's k-nearest-neighbours space (`n_neighbors` 1..100 on a log scale,
 * uniform or distance weights, Manhattan or Euclidean distance).
 */
const KNN_SEARCH_SPACE: SearchSpace<keyof KnnParams & string> = {
  k: { kind: 'int', low: 1, high: 100, log: true },
  weights: { kind: 'categorical', choices: ['uniform', 'distance'] },
  metric: { kind: 'categorical', choices: ['euclidean', 'manhattan'] },
};

/**
 * `knn`: k-nearest-neighbours classification (probabilities = weighted vote shares) and regression (weighted
 * mean). The model is the training data (rows with weight 0 are dropped); search is exact, by KD-tree for up to
 * 15 features and brute force above. Rejects missing values; categorical codes are used as numbers. Fits in one
 * pass (no iterations): progress 0 and 1, the signal checked before and after.
 */
export const knnLearner: Learner = defineLearner<KnnParams>({
  id: 'knn',
  title: 'k-nearest neighbours',
  description:
    'k-nearest-neighbours classification and regression (euclidean or manhattan, uniform or distance weights). Needs imputed, scaled features.',
  params: knnParamsSchema,
  searchSpace: KNN_SEARCH_SPACE,
  paramAliases: KNN_PARAM_ALIASES,
  capabilities: {
    tasks: TASKS,
    handlesMissing: false,
    handlesCategorical: false,
    supportsWeights: true,
    givesProbabilities: true,
    multiThreaded: false,
  },
  async fit(X, target, options, context) {
    context.progress?.(0);
    const checked = checkTrainingData('knn', X, target, false);
    const p = X.cols;
    let kept = 0;
    for (let i = 0; i < checked.rows; i++) if ((checked.weights[i] as number) > 0) kept++;
    const points = new Float64Array(kept * p);
    const targets = new Float64Array(kept);
    const weights = new Float64Array(kept);
    let r = 0;
    for (let i = 0; i < checked.rows; i++) {
      const w = checked.weights[i] as number;
      if (!(w > 0)) continue;
      for (let j = 0; j < p; j++) points[r * p + j] = (X.columns[j] as Float64Array)[i] as number;
      targets[r] = target.y[i] as number;
      weights[r] = w;
      r++;
    }
    context.signal?.throwIfAborted();
    context.progress?.(1);
    return new KnnModel({
      task: target.task,
      featureNames: [...X.names],
      ...(target.task === 'regression' ? {} : { classes: [...target.classes] }),
      params: options,
      points,
      targets,
      weights,
    });
  },
  load: loadKnnModel,
});
