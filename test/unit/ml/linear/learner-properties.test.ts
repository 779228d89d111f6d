import { describe } from 'vitest';

import { linearLearner } from '../../../../src/ml/linear/learner.js';
import { learnerProperties } from '../../../fixtures/ml/linear/learner-properties.js';

describe('linear learner properties', () => {
  learnerProperties(linearLearner, [{}, { penalty: 'l1', alpha: 0.05, C: 0.5 }, { penalty: 'elasticnet', standardize: false }, { penalty: 'none', fitIntercept: false }]);
});
