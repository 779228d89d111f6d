import { describe, expect, it } from 'vitest';

import { forestParamsSchema, FOREST_PARAM_ALIASES } from '../../../src/ml/forest/params.js';
import { GBDT_PARAM_ALIASES, gbdtLearner, gbdtLearnerParamsSchema } from '../../../src/ml/gbdt/learner.js';
import { paramNames, parseLearnerParams } from '../../../src/ml/learner-input.js';
import { BUILTIN_LEARNERS } from '../../../src/ml/learners.js';
import { knnParamsSchema, KNN_PARAM_ALIASES } from '../../../src/ml/neighbors/params.js';
import { checkParamAliases, didYouMean, editDistance, suggestParam } from '../../../src/ml/param-aliases.js';
import { makeData } from '../../fixtures/ml/learner-data.js';

const gbdt = paramNames(gbdtLearnerParamsSchema);
const forest = paramNames(forestParamsSchema);
const knn = paramNames(knnParamsSchema);

describe('suggestParam', () => {
  it.each([
    // peer libraries' names
    ['n_estimators', 'numRounds', gbdt, GBDT_PARAM_ALIASES, ['xgboost', 'lightgbm']],
    ['eta', 'learningRate', gbdt, GBDT_PARAM_ALIASES, ['xgboost']],
    ['learning_rate', 'learningRate', gbdt, GBDT_PARAM_ALIASES, ['scikit-learn', 'xgboost', 'lightgbm']],
    ['num_leaves', 'numLeaves', gbdt, GBDT_PARAM_ALIASES, ['lightgbm']],
    ['reg_lambda', 'lambda', gbdt, GBDT_PARAM_ALIASES, ['xgboost', 'lightgbm']],
    ['lambda_l1', 'alpha', gbdt, GBDT_PARAM_ALIASES, ['lightgbm']],
    ['min_samples_leaf', 'minChildWeight', gbdt, GBDT_PARAM_ALIASES, ['scikit-learn']],
    ['max_iter', 'numRounds', gbdt, GBDT_PARAM_ALIASES, ['scikit-learn']],
    ['min_samples_leaf', 'minSamplesLeaf', forest, FOREST_PARAM_ALIASES, ['scikit-learn']],
    ['subsample', 'maxSamples', forest, FOREST_PARAM_ALIASES, ['xgboost']],
    ['n_neighbors', 'k', knn, KNN_PARAM_ALIASES, ['scikit-learn']],
    // case and separators ignored
    ['Colsample_ByTree', 'colsampleByTree', gbdt, GBDT_PARAM_ALIASES, []],
    ['N_ESTIMATORS', 'nEstimators', forest, FOREST_PARAM_ALIASES, []],
    ['NUM_LEAVES', 'numLeaves', gbdt, GBDT_PARAM_ALIASES, []],
    // typos of mlpilot names and of peer names
    ['learningRat', 'learningRate', gbdt, GBDT_PARAM_ALIASES, []],
    ['maxDepht', 'maxDepth', gbdt, GBDT_PARAM_ALIASES, []],
    ['num_round', 'numRounds', gbdt, GBDT_PARAM_ALIASES, ['xgboost']],
    ['numRouns', 'numRounds', gbdt, GBDT_PARAM_ALIASES, []],
    ['n_estimator', 'nEstimators', forest, FOREST_PARAM_ALIASES, []],
    ['colsample_bytre', 'colsampleByTree', gbdt, GBDT_PARAM_ALIASES, []],
  ] as const)('%s → %s', (name, param, params, aliases, libraries) => {
    expect(suggestParam(name, params, aliases)).toEqual({ param, libraries });
  });

  it.each([
    ['C', gbdt, GBDT_PARAM_ALIASES],
    ['depth', gbdt, GBDT_PARAM_ALIASES],
    ['eta', forest, FOREST_PARAM_ALIASES],
    ['banana', knn, KNN_PARAM_ALIASES],
  ] as const)('%s has no close name', (name, params, aliases) => {
    expect(suggestParam(name, params, aliases)).toBeUndefined();
  });

  it('words the suggestion with the libraries that use the name', () => {
    expect(didYouMean('n_estimators', gbdt, GBDT_PARAM_ALIASES)).toBe(
      'did you mean numRounds? (n_estimators is its name in XGBoost and LightGBM)',
    );
    expect(didYouMean('learningRat', gbdt, GBDT_PARAM_ALIASES)).toBe('did you mean learningRate?');
  });
});

describe('editDistance', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['abc', 'abc', 0],
    ['flaw', 'lawn', 2],
  ])('%s ↔ %s is %i, both ways', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('stops at the cap', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(2);
  });
});

describe('checkParamAliases', () => {
  it('accepts every built-in learner table (checked when the learner is defined)', () => {
    for (const l of BUILTIN_LEARNERS) expect(() => checkParamAliases(l.id, paramNames(l.params), l.paramAliases)).not.toThrow();
  });

  it('refuses an alias for a parameter the learner does not have', () => {
    expect(() => checkParamAliases('x', ['a'], { b: { xgboost: ['bee'] } })).toThrow(/parameter b: parameter aliases: not a parameter/);
  });

  it('refuses a foreign name that points at two parameters, or at another parameter of that name', () => {
    expect(() => checkParamAliases('x', ['a', 'b'], { a: { xgboost: ['z'] }, b: { lightgbm: ['z'] } })).toThrow(/z already names a/);
    expect(() => checkParamAliases('x', ['a', 'b'], { a: { xgboost: ['b'] } })).toThrow(/b already names b/);
  });
});

describe('unknown parameters', () => {
  it('a learner fit answers a peer library name with MLP_ML_INVALID_PARAM and the mlpilot name', async () => {
    const { X, target } = makeData('regression', 3);
    await expect(gbdtLearner.fit(X, target, { n_estimators: 50 }, { seed: 0, threads: 1 })).rejects.toMatchObject({
      code: 'MLP_ML_INVALID_PARAM',
      message: expect.stringMatching(
        /gbdt: parameter n_estimators: unknown parameter; did you mean numRounds\?.*valid parameters: objective/,
      ),
    });
  });

  it('names a suggestion per unknown key when several are given', () => {
    expect(() => parseLearnerParams('gbdt', gbdtLearnerParamsSchema, { eta: 0.1, foo: 1 }, GBDT_PARAM_ALIASES)).toThrow(
      /parameter eta, foo: unknown parameters; eta: did you mean learningRate\? \(eta is its name in XGBoost\); valid parameters:/,
    );
  });
});
