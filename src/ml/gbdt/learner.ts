import { z } from 'zod';

import { InvalidParamError } from '../../core/index.js';
import type { LearnerDefinition, Task, TrainingTarget } from '../learner.js';
import { defineLearner } from '../learner.js';
import { checkTrainingData, parseLearnerParams } from '../learner-input.js';
import { type GbdtObjectiveId, gbdtParamsSchema } from './params.js';
import { trainGbdt } from './train.js';
import { TreeEnsembleModel, treeEnsembleFromState } from './tree-ensemble-model.js';

/**
 * The learner's hyperparameters: the booster's, minus what the task and the fit context decide (number of
 * classes, seed, threads). `objective` defaults from the task and must fit it. `learningRate` defaults to 0.1
 * (scikit-learn's HistGradientBoosting and LightGBM) rather than the booster's XGBoost-compatible 0.3: with 100
 * rounds, 0.3 gave over-confident probabilities on the small DEV splits (seattle_weather test log loss 4.8 vs 1.5,
 * see `npm run bench -- dev`).
 */
export const gbdtLearnerParamsSchema = gbdtParamsSchema.omit({ numClass: true, seed: true, nThreads: true }).extend({
  objective: z.enum(['squared-error', 'absolute-error', 'huber', 'poisson', 'binary-logloss', 'multiclass-softmax']).optional(),
  learningRate: z.number().gt(0).max(1).default(0.1),
});
export type GbdtLearnerParams = z.output<typeof gbdtLearnerParamsSchema>;

const REGRESSION_OBJECTIVES: readonly GbdtObjectiveId[] = ['squared-error', 'absolute-error', 'huber', 'poisson'];

function objectiveFor(task: Task, chosen: GbdtObjectiveId | undefined): GbdtObjectiveId {
  const fallback: GbdtObjectiveId = task === 'regression' ? 'squared-error' : task === 'binary' ? 'binary-logloss' : 'multiclass-softmax';
  if (chosen === undefined) return fallback;
  const fits = task === 'regression' ? REGRESSION_OBJECTIVES.includes(chosen) : chosen === fallback;
  if (!fits) throw InvalidParamError({ learner: 'gbdt', param: 'objective', problem: `${chosen} does not fit a ${task} task; use ${task === 'regression' ? REGRESSION_OBJECTIVES.join(', ') : fallback}` });
  return chosen;
}

function labels(target: TrainingTarget): Float64Array {
  return target.task === 'regression' ? target.y : Float64Array.from(target.y);
}

/**
 * `gbdt`: histogram gradient-boosted trees (XGBoost `hist` semantics) for regression, binary and multiclass
 * tasks, with native missing values and categorical codes. Early stopping uses the fit context's validation set.
 */
export const gbdtLearner: LearnerDefinition<GbdtLearnerParams> = defineLearner<GbdtLearnerParams>({
  id: 'gbdt',
  title: 'Histogram gradient boosting',
  description:
    'Gradient-boosted decision trees on quantile histograms (XGBoost hist semantics): native missing values and categorical splits, L1/L2, monotone constraints, early stopping.',
  params: gbdtLearnerParamsSchema as unknown as z.ZodType<GbdtLearnerParams>,
  capabilities: {
    tasks: ['regression', 'binary', 'multiclass'],
    handlesMissing: true,
    handlesCategorical: true,
    supportsWeights: true,
    givesProbabilities: true,
    multiThreaded: true,
  },
  async fit(X, target, params, context) {
    const p = parseLearnerParams('gbdt', gbdtLearnerParamsSchema, params);
    checkTrainingData('gbdt', X, target, true);
    const objective = objectiveFor(target.task, p.objective);
    const boosterParams = {
      ...p,
      objective,
      seed: context.seed,
      nThreads: context.threads,
      ...(target.task === 'multiclass' ? { numClass: target.classes.length } : {}),
    };
    const valid = context.validation === undefined ? undefined : { x: context.validation.X, y: labels(context.validation.target) };
    const booster = trainGbdt(
      { x: X, y: labels(target), ...(target.weights === undefined ? {} : { weight: target.weights }) },
      boosterParams,
      valid === undefined ? {} : { valid },
    );
    context.progress?.(1);
    const source = { flavor: 'native', objective } as const;
    return new TreeEnsembleModel(booster, target.task, source, target.task === 'regression' ? undefined : target.classes);
  },
  // Trained and imported (XGBoost, LightGBM) ensembles share one state layout, so one loader serves both.
  load: (state) => treeEnsembleFromState(state, 'gbdt'),
});
