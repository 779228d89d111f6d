import { BundleInvalidError, InvalidParamError, TASKS } from '../../core/index.js';
import { z } from 'zod';

import { defineLearner } from '../define-learner.js';
import { IterationControl } from '../fit-control.js';
import type { Learner, Task, TrainingTarget } from '../learner.js';
import { checkTrainingData } from '../learner-input.js';
import type { ParamAliases } from '../param-aliases.js';
import type { SearchSpace } from '../search-space.js';
import { type GbdtObjectiveId, gbdtParamsSchema } from './params.js';
import { trainGbdt } from './train.js';
import { TreeEnsembleModel, treeEnsembleFromState } from './tree-ensemble-model.js';

/**
 * The learner's hyperparameters: the booster's, minus what the task and the fit context decide (number of
 * classes, seed, threads). `objective` defaults from the task and must fit it. Two defaults differ from the
 * booster's XGBoost-compatible ones, both chosen by `npm run bench -- defaults` (5-fold CV on 49 datasets against
 * scikit-learn's HistGradientBoosting; docs/engine.md, "Defaults"):
 * - `learningRate` 0.1 (HistGradientBoosting's and LightGBM's) rather than 0.3, which gave over-confident
 *   probabilities (with 0.3: 15 wins, 30 losses against HistGradientBoosting; with 0.1: 21 and 21).
 * - `minChildWeight` by objective ({@link defaultMinChildWeight}) rather than 1.
 */
export const gbdtLearnerParamsSchema = gbdtParamsSchema.omit({ numClass: true, seed: true, nThreads: true }).extend({
  objective: z
    .enum(['squared-error', 'absolute-error', 'huber', 'poisson', 'binary-logloss', 'multiclass-softmax'])
    .optional()
    .describe('Loss to minimise; default from the task: squared-error, binary-logloss or multiclass-softmax.'),
  learningRate: z
    .number()
    .gt(0)
    .max(1)
    .default(0.1)
    .describe("Shrinkage applied to every leaf value (XGBoost eta; 0.1 here, XGBoost's default is 0.3)."),
  minChildWeight: z
    .number()
    .min(0)
    .optional()
    .describe(
      'Minimum hessian sum in each child (XGBoost min_child_weight); default 20 for squared-error, absolute-error and huber (20 rows of weight 1, as HistGradientBoosting), 3 for the other objectives.',
    ),
});
export type GbdtLearnerParams = z.output<typeof gbdtLearnerParamsSchema>;

/**
 * `gbdt`'s parameters under XGBoost's (native and sklearn-API), LightGBM's and scikit-learn
 * HistGradientBoosting's names. Closest, not equal: `min_samples_leaf` / `min_child_samples` count rows where
 * `minChildWeight` sums hessians (the same for squared error); HistGradientBoosting's `max_iter` builds one tree
 * per class per iteration as `numRounds` does.
 */
export const GBDT_PARAM_ALIASES: ParamAliases<keyof GbdtLearnerParams & string> = {
  objective: { xgboost: ['objective'], lightgbm: ['objective'], 'scikit-learn': ['loss'] },
  numRounds: {
    xgboost: ['num_boost_round', 'n_estimators', 'num_round'],
    lightgbm: ['num_iterations', 'n_estimators', 'num_boost_round', 'num_trees'],
    'scikit-learn': ['max_iter'],
  },
  learningRate: { xgboost: ['eta', 'learning_rate'], lightgbm: ['learning_rate', 'shrinkage_rate'], 'scikit-learn': ['learning_rate'] },
  growPolicy: { xgboost: ['grow_policy'] },
  maxDepth: { xgboost: ['max_depth'], lightgbm: ['max_depth'], 'scikit-learn': ['max_depth'] },
  numLeaves: { xgboost: ['max_leaves'], lightgbm: ['num_leaves', 'num_leaf', 'max_leaves'], 'scikit-learn': ['max_leaf_nodes'] },
  minChildWeight: {
    xgboost: ['min_child_weight'],
    lightgbm: ['min_sum_hessian_in_leaf', 'min_child_samples', 'min_data_in_leaf'],
    'scikit-learn': ['min_samples_leaf'],
  },
  lambda: { xgboost: ['lambda', 'reg_lambda'], lightgbm: ['lambda_l2', 'reg_lambda'], 'scikit-learn': ['l2_regularization'] },
  alpha: { xgboost: ['alpha', 'reg_alpha'], lightgbm: ['lambda_l1', 'reg_alpha'] },
  gamma: { xgboost: ['gamma', 'min_split_loss'], lightgbm: ['min_gain_to_split', 'min_split_gain'] },
  maxDeltaStep: { xgboost: ['max_delta_step'] },
  subsample: { xgboost: ['subsample'], lightgbm: ['bagging_fraction', 'subsample'] },
  colsampleByTree: { xgboost: ['colsample_bytree'], lightgbm: ['feature_fraction', 'colsample_bytree'] },
  maxBin: { xgboost: ['max_bin'], lightgbm: ['max_bin'], 'scikit-learn': ['max_bins'] },
  huberDelta: { xgboost: ['huber_slope'] },
  monotone: { xgboost: ['monotone_constraints'], lightgbm: ['monotone_constraints'], 'scikit-learn': ['monotonic_cst'] },
  catSmooth: { lightgbm: ['cat_smooth'] },
  baseScore: { xgboost: ['base_score'] },
  earlyStoppingRounds: {
    xgboost: ['early_stopping_rounds'],
    lightgbm: ['early_stopping_round', 'early_stopping_rounds'],
    'scikit-learn': ['n_iter_no_change'],
  },
};

const REGRESSION_OBJECTIVES: readonly GbdtObjectiveId[] = ['squared-error', 'absolute-error', 'huber', 'poisson'];

/**
 * The minimum child weight when none is given: 20 for the objectives whose per-row hessian is the row's weight
 * (squared-error, absolute-error, huber), so a leaf holds at least 20 rows of weight 1 like scikit-learn's
 * HistGradientBoosting (`min_samples_leaf=20`); 3 for log loss, softmax and Poisson, whose per-row hessian is
 * smaller (p(1−p) ≤ ¼ for log loss, so 3 means at least 12 rows). Measured by `npm run bench -- defaults
 * --learners gbdt --candidates` (49 datasets, 5-fold CV, ≤ 2,000 rows each) against 1, 5, 10 and 20 for every
 * task: 3 did best on the 31 classification datasets (24 wins, 4 ties, 6 losses against HistGradientBoosting; 20
 * gave 16, 0, 15) and 20 on the 18 regression ones (11 wins, 5 ties, 2 losses; 3 gave 6, 2, 10; 1 gave 4, 0, 14).
 */
export function defaultMinChildWeight(objective: GbdtObjectiveId): number {
  return objective === 'squared-error' || objective === 'absolute-error' || objective === 'huber' ? 20 : 3;
}

function objectiveFor(task: Task, chosen: GbdtObjectiveId | undefined): GbdtObjectiveId {
  const fallback: GbdtObjectiveId = task === 'regression' ? 'squared-error' : task === 'binary' ? 'binary-logloss' : 'multiclass-softmax';
  if (chosen === undefined) return fallback;
  const fits = task === 'regression' ? REGRESSION_OBJECTIVES.includes(chosen) : chosen === fallback;
  if (!fits)
    throw InvalidParamError({
      learner: 'gbdt',
      param: 'objective',
      problem: `${chosen} does not fit a ${task} task; use ${task === 'regression' ? REGRESSION_OBJECTIVES.join(', ') : fallback}`,
    });
  return chosen;
}

function labels(target: TrainingTarget): Float64Array {
  return target.task === 'regression' ? target.y : Float64Array.from(target.y);
}

/**
 * Where AutoML searches `gbdt`: FLAML's XGBoost spaces (`flaml/automl/model.py`: `XGBoostEstimator` grows
 * loss-guided with `max_leaves` and `max_depth` in {0, 6, 12}; `XGBoostLimitDepthEstimator` grows depth-wise with
 * `max_depth` 1..15), with FLAML's upper bounds of 32768 rounds and leaves left as they are (FLAML lowers them to
 * the row count; a search may too).
 */
const GBDT_SEARCH_SPACE: SearchSpace<keyof GbdtLearnerParams & string> = {
  numRounds: { kind: 'int', low: 4, high: 32768, log: true },
  learningRate: { kind: 'float', low: 1 / 1024, high: 1, log: true },
  growPolicy: { kind: 'categorical', choices: ['depthwise', 'lossguide'] },
  maxDepth: [
    { kind: 'int', low: 1, high: 15, when: { param: 'growPolicy', in: ['depthwise'] } },
    { kind: 'categorical', choices: [0, 6, 12], when: { param: 'growPolicy', in: ['lossguide'] } },
  ],
  numLeaves: { kind: 'int', low: 4, high: 32768, log: true, when: { param: 'growPolicy', in: ['lossguide'] } },
  minChildWeight: { kind: 'float', low: 0.001, high: 128, log: true },
  subsample: { kind: 'float', low: 0.1, high: 1 },
  colsampleByTree: { kind: 'float', low: 0.01, high: 1 },
  alpha: { kind: 'float', low: 1 / 1024, high: 1024, log: true },
  lambda: { kind: 'float', low: 1 / 1024, high: 1024, log: true },
};

/**
 * `gbdt`: histogram gradient-boosted trees (XGBoost `hist` semantics) for regression, binary and multiclass
 * tasks, with native missing values and categorical codes. Early stopping uses the fit context's validation set;
 * every round is reported (with the validation metric, and the training metric when asked) and counts against
 * the budget.
 */
export const gbdtLearner: Learner = defineLearner<GbdtLearnerParams>({
  id: 'gbdt',
  title: 'Histogram gradient boosting',
  description:
    'Gradient-boosted decision trees on quantile histograms (XGBoost hist semantics): native missing values and categorical splits, L1/L2, monotone constraints, early stopping.',
  params: gbdtLearnerParamsSchema,
  searchSpace: GBDT_SEARCH_SPACE,
  paramAliases: GBDT_PARAM_ALIASES,
  capabilities: {
    tasks: TASKS,
    handlesMissing: true,
    handlesCategorical: true,
    supportsWeights: true,
    givesProbabilities: true,
    multiThreaded: true,
    iterationParam: 'numRounds',
  },
  async fit(X, target, p, context) {
    const control = new IterationControl(context, p.numRounds);
    checkTrainingData('gbdt', X, target, true);
    const objective = objectiveFor(target.task, p.objective);
    const boosterParams = {
      ...p,
      objective,
      minChildWeight: p.minChildWeight ?? defaultMinChildWeight(objective),
      seed: context.seed,
      nThreads: context.threads,
      ...(target.task === 'multiclass' ? { numClass: target.classes.length } : {}),
    };
    const valid = context.validation === undefined ? undefined : { x: context.validation.X, y: labels(context.validation.target) };
    const booster = trainGbdt(
      { x: X, y: labels(target), ...(target.weights === undefined ? {} : { weight: target.weights }) },
      boosterParams,
      { control, ...(valid === undefined ? {} : { valid }) },
    );
    const source = { flavor: 'native', objective } as const;
    return new TreeEnsembleModel(booster, target.task, source, target.task === 'regression' ? undefined : target.classes, control.finish());
  },
  load(state) {
    if (state.learner !== 'gbdt')
      throw BundleInvalidError({ location: 'gbdt state', problem: `belongs to learner ${JSON.stringify(state.learner)}, not "gbdt"` });
    // trained models and imports saved before imports had their own learner id share one state layout
    return treeEnsembleFromState(state, 'gbdt state');
  },
});
