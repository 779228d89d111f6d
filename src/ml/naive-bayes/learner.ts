import { TrainingDataError } from '../../core/index.js';
import { defineLearner } from '../define-learner.js';
import type { Learner } from '../learner.js';
import { checkTrainingData } from '../learner-input.js';
import type { SearchSpace } from '../search-space.js';
import { fitNaiveBayes } from './fit.js';
import { NaiveBayesModel, loadNaiveBayesModel } from './model.js';
import { NAIVE_BAYES_PARAM_ALIASES, naiveBayesParamsSchema } from './params.js';
import type { NaiveBayesParams } from './params.js';

/**
 * Where AutoML searches `naive-bayes`: the categorical smoothing and prior on auto-sklearn's multinomial naive
 * Bayes space (`alpha` 0.01..100 log, `fit_prior`); the Gaussian variance smoothing over the 1e-9..1 log range of
 * the usual `var_smoothing` grid (`logspace(0, -9)`; auto-sklearn and FLAML do not tune GaussianNB).
 */
const NAIVE_BAYES_SEARCH_SPACE: SearchSpace<keyof NaiveBayesParams & string> = {
  varSmoothing: { kind: 'float', low: 1e-9, high: 1, log: true },
  alpha: { kind: 'float', low: 0.01, high: 100, log: true },
  fitPrior: { kind: 'categorical', choices: [true, false] },
};

/**
 * `naive-bayes`: Gaussian naive Bayes on numeric columns combined with categorical naive Bayes on categorical
 * columns (codes 0..k−1), one model, sklearn-compatible. Missing values are skipped per feature at training and
 * prediction; category codes unseen in training are skipped the same way. Deterministic. Fits in one pass (no
 * iterations): progress 0 and 1, the signal checked before and after.
 */
export const naiveBayesLearner: Learner = defineLearner<NaiveBayesParams>({
  id: 'naive-bayes',
  title: 'Naive Bayes (Gaussian + categorical)',
  description:
    'Gaussian naive Bayes for numeric features and categorical naive Bayes for categorical features in one classifier; tolerates missing values.',
  params: naiveBayesParamsSchema,
  searchSpace: NAIVE_BAYES_SEARCH_SPACE,
  paramAliases: NAIVE_BAYES_PARAM_ALIASES,
  capabilities: {
    tasks: ['binary', 'multiclass'],
    handlesMissing: true,
    handlesCategorical: true,
    supportsWeights: true,
    givesProbabilities: true,
    multiThreaded: false,
  },
  async fit(X, target, p, context) {
    context.progress?.(0);
    if (target.task === 'regression') {
      throw TrainingDataError({
        field: 'label',
        problem: 'naive-bayes is a classifier and cannot fit a regression target; use linear, knn or gbdt',
      });
    }
    const checked = checkTrainingData('naive-bayes', X, target, true);
    const tables = fitNaiveBayes(X, target.y, checked.weights, target.classes.length, p);
    context.signal?.throwIfAborted();
    context.progress?.(1);
    return new NaiveBayesModel(target.task, [...X.names], [...X.categorical], [...target.classes], tables);
  },
  load: loadNaiveBayesModel,
});
