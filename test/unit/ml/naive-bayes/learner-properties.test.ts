import { describe } from 'vitest';

import { naiveBayesLearner } from '../../../../src/ml/naive-bayes/learner.js';
import { learnerProperties } from '../../../fixtures/ml/linear/learner-properties.js';

describe('naive-bayes learner properties', () => {
  learnerProperties(naiveBayesLearner, [{}, { fitPrior: false, varSmoothing: 1e-3, alpha: 0.5 }]);
});
