import { describe } from 'vitest';

import { knnLearner } from '../../../../src/ml/neighbors/learner.js';
import { learnerProperties } from '../../../fixtures/ml/linear/learner-properties.js';

describe('knn learner properties', () => {
  learnerProperties(knnLearner, [{}, { k: 3, weights: 'distance', metric: 'manhattan' }, { algorithm: 'kd-tree', leafSize: 2 }]);
});
