import { z } from 'zod';

import { BundleInvalidError, InvalidParamError } from '../../core/index.js';
import type { JsonObject } from '../../core/index.js';
import type { LearnerDefinition, ModelState, StateArray, Task, TrainedModel, TrainingTarget } from '../learner.js';
import { defineLearner } from '../learner.js';
import { checkPredictMatrix, checkTrainingData } from '../linear/input-checks.js';
import type { FeatureMatrix } from '../matrix.js';
import type { GbdtModel, ImportanceType } from './model.js';
import { type GbdtObjectiveId, gbdtParamsSchema } from './params.js';
import { type GbdtParts, gbdtFromParts, gbdtToParts } from './serialize.js';
import { trainGbdt } from './train.js';

/**
 * The learner's hyperparameters: the booster's, minus what the task and the fit context decide (number of
 * classes, seed, threads). `objective` defaults from the task and must fit it.
 */
export const gbdtLearnerParamsSchema = gbdtParamsSchema.omit({ numClass: true, seed: true, nThreads: true }).extend({
  objective: z.enum(['squared-error', 'absolute-error', 'huber', 'poisson', 'binary-logloss', 'multiclass-softmax']).optional(),
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

/** A fitted booster behind the learner contract. */
class GbdtTrained implements TrainedModel {
  readonly learner = 'gbdt';
  readonly task: Task;
  readonly featureNames: readonly string[];
  readonly classes?: readonly string[];
  readonly booster: GbdtModel;

  constructor(booster: GbdtModel, task: Task, classes: readonly string[] | undefined) {
    this.booster = booster;
    this.task = task;
    this.featureNames = booster.info.featureNames;
    if (classes !== undefined) this.classes = classes;
  }

  predict(X: FeatureMatrix): Float64Array {
    checkPredictMatrix('gbdt', X, this.featureNames, true);
    const out = this.booster.predict(X);
    if (this.task === 'regression') return out;
    const k = this.classes?.length ?? 2;
    const labelsOut = new Float64Array(X.rows);
    if (this.task === 'binary') for (let i = 0; i < X.rows; i++) labelsOut[i] = (out[i] as number) > 0.5 ? 1 : 0;
    else {
      for (let i = 0; i < X.rows; i++) {
        let best = 0;
        for (let c = 1; c < k; c++) if ((out[i * k + c] as number) > (out[i * k + best] as number)) best = c;
        labelsOut[i] = best;
      }
    }
    return labelsOut;
  }

  predictProba(X: FeatureMatrix): Float64Array {
    if (this.task === 'regression') throw InvalidParamError({ learner: 'gbdt', param: 'predictProba', problem: 'a regression model gives no probabilities' });
    checkPredictMatrix('gbdt', X, this.featureNames, true);
    const out = this.booster.predict(X);
    if (this.task === 'multiclass') return out;
    const proba = new Float64Array(X.rows * 2);
    for (let i = 0; i < X.rows; i++) {
      proba[i * 2] = 1 - (out[i] as number);
      proba[i * 2 + 1] = out[i] as number;
    }
    return proba;
  }

  featureImportance(kind: 'gain' | 'split' = 'gain'): Float64Array {
    return this.booster.featureImportance(kind as ImportanceType);
  }

  toState(): ModelState {
    const parts = gbdtToParts(this.booster);
    const meta: JsonObject = { task: this.task, classes: this.classes === undefined ? null : [...this.classes], booster: parts.manifest };
    return { learner: 'gbdt', formatVersion: 1, meta, arrays: parts.arrays as Record<string, StateArray> };
  }
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
    const parsed = gbdtLearnerParamsSchema.safeParse(params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw InvalidParamError({ learner: 'gbdt', param: issue?.path.join('.') || '(root)', problem: issue?.message ?? 'invalid value' });
    }
    checkTrainingData('gbdt', X, target, true);
    const objective = objectiveFor(target.task, parsed.data.objective);
    const boosterParams = {
      ...parsed.data,
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
    return new GbdtTrained(booster, target.task, target.task === 'regression' ? undefined : target.classes);
  },
  load(state) {
    if (state.learner !== 'gbdt' || state.formatVersion !== 1) {
      throw BundleInvalidError({ location: 'gbdt', problem: `cannot load ${state.learner} state version ${state.formatVersion}` });
    }
    const meta = state.meta as { task?: unknown; classes?: unknown; booster?: unknown };
    const task = meta.task;
    if (task !== 'regression' && task !== 'binary' && task !== 'multiclass') throw BundleInvalidError({ location: 'gbdt', problem: 'meta.task is invalid' });
    const classes = Array.isArray(meta.classes) ? meta.classes.map(String) : undefined;
    const booster = gbdtFromParts({ manifest: meta.booster as JsonObject, arrays: state.arrays as GbdtParts['arrays'] }, 'gbdt');
    return new GbdtTrained(booster, task, classes);
  },
});
