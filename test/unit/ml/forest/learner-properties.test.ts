import { describe } from 'vitest';

import { extraTreesLearner, rfLearner } from '../../../../src/ml/forest/index.js';
import { learnerProperties } from '../../../fixtures/ml/linear/learner-properties.js';

describe('rf learner properties', () => {
  learnerProperties(rfLearner, [{ nEstimators: 10 }, { nEstimators: 7, maxDepth: 3, maxFeatures: 1, oobScore: true, maxBins: 16 }]);
});

describe('extra-trees learner properties', () => {
  learnerProperties(extraTreesLearner, [{ nEstimators: 10 }, { nEstimators: 5, bootstrap: true, minSamplesLeaf: 3, criterion: 'auto' }]);
});
