import { defineLearner } from '../learner.js';
import type { LearnerDefinition } from '../learner.js';
import { checkTrainingData, parseLearnerParams } from '../learner-input.js';
import { KnnModel, loadKnnModel } from './model.js';
import { knnParamsSchema } from './params.js';
import type { KnnParams } from './params.js';

/**
 * `knn`: k-nearest-neighbours classification (probabilities = weighted vote shares) and regression (weighted
 * mean). The model is the training data (rows with weight 0 are dropped); search is exact, by KD-tree for up to
 * 15 features and brute force above. Rejects missing values; categorical codes are used as numbers.
 */
export const knnLearner: LearnerDefinition<KnnParams> = defineLearner<KnnParams>({
  id: 'knn',
  title: 'k-nearest neighbours',
  description: 'k-nearest-neighbours classification and regression (euclidean or manhattan, uniform or distance weights). Needs imputed, scaled features.',
  params: knnParamsSchema,
  capabilities: {
    tasks: ['regression', 'binary', 'multiclass'],
    handlesMissing: false,
    handlesCategorical: false,
    supportsWeights: true,
    givesProbabilities: true,
    multiThreaded: false,
  },
  async fit(X, target, params, context) {
    const options = parseLearnerParams('knn', knnParamsSchema, params);
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
