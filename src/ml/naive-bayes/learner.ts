import { TrainingDataError } from '../../core/index.js';
import { defineLearner } from '../learner.js';
import type { LearnerDefinition } from '../learner.js';
import { checkTrainingData, parseLearnerParams } from '../learner-input.js';
import { fitNaiveBayes } from './fit.js';
import { NaiveBayesModel, loadNaiveBayesModel } from './model.js';
import { naiveBayesParamsSchema } from './params.js';
import type { NaiveBayesParams } from './params.js';

/**
 * `naive-bayes`: Gaussian naive Bayes on numeric columns combined with categorical naive Bayes on categorical
 * columns (codes 0..k−1), one model, sklearn-compatible. Missing values are skipped per feature at training and
 * prediction; category codes unseen in training are skipped the same way. Deterministic.
 */
export const naiveBayesLearner: LearnerDefinition<NaiveBayesParams> = defineLearner<NaiveBayesParams>({
  id: 'naive-bayes',
  title: 'Naive Bayes (Gaussian + categorical)',
  description: 'Gaussian naive Bayes for numeric features and categorical naive Bayes for categorical features in one classifier; tolerates missing values.',
  params: naiveBayesParamsSchema,
  capabilities: {
    tasks: ['binary', 'multiclass'],
    handlesMissing: true,
    handlesCategorical: true,
    supportsWeights: true,
    givesProbabilities: true,
    multiThreaded: false,
  },
  async fit(X, target, params, context) {
    const p = parseLearnerParams('naive-bayes', naiveBayesParamsSchema, params);
    if (target.task === 'regression') {
      throw TrainingDataError({ field: 'label', problem: 'naive-bayes is a classifier and cannot fit a regression target; use linear, knn or gbdt' });
    }
    const checked = checkTrainingData('naive-bayes', X, target, true);
    const tables = fitNaiveBayes(X, target.y, checked.weights, target.classes.length, p);
    context.progress?.(1);
    return new NaiveBayesModel(target.task, [...X.names], [...X.categorical], [...target.classes], tables);
  },
  load: loadNaiveBayesModel,
});
