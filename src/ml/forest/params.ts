import { z } from 'zod';

import { InvalidParamError } from '../../core/index.js';
import type { Task } from '../learner.js';
import { parseLearnerParams } from '../learner-input.js';
import type { ParamAliases } from '../param-aliases.js';

/** Split quality measure: gini / entropy (classification), squared error (regression). */
export type ForestCriterion = 'gini' | 'entropy' | 'squared-error';

/**
 * Hyperparameters of the `rf` and `extra-trees` learners, named after scikit-learn's RandomForest / ExtraTrees
 * (camelCase); each parameter's `describe` text says what it does (docs/engine.md lists them). Defaults follow
 * sklearn in spirit; differences are listed in the forest README of `index.ts`.
 *
 * - `maxSamples`: bootstrap sample size as a fraction of the training rows (sklearn `max_samples` float).
 * - `maxBins`: value bins per numeric feature for the histogram split search (LightGBM-style; sklearn sorts
 *   exact values). 255 bins give the same splits as exact search for features with ≤ 254 distinct values.
 */
export const forestParamsSchema = z
  .object({
    nEstimators: z.number().int().min(1).max(100_000).default(100).describe('Number of trees.'),
    maxDepth: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .default(0)
      .describe('Maximum depth (edges from the root); 0 = unlimited (sklearn `max_depth=None`).'),
    minSamplesLeaf: z.number().int().min(1).default(1).describe('Minimum training rows (distinct in-bag rows) in each leaf.'),
    minSamplesSplit: z.number().int().min(2).default(2).describe('Minimum training rows (distinct in-bag rows) a node needs to be split.'),
    minImpurityDecrease: z
      .number()
      .min(0)
      .default(0)
      .describe("Minimum weighted impurity decrease (sklearn's definition: divided by the root's weight) to split."),
    maxFeatures: z
      .union([z.enum(['auto', 'sqrt', 'log2']), z.number().gt(0)])
      .default('auto')
      .describe(
        "Features tried per node: `auto` = `sqrt` for classification and all features for regression (sklearn's defaults); `sqrt` / `log2` of the feature count; a number in (0, 1] is a fraction of the features (1 = all); an integer ≥ 2 is a count (capped at the feature count).",
      ),
    bootstrap: z
      .boolean()
      .optional()
      .describe('Draw a bootstrap sample per tree; when not given, true for `rf` and false for `extra-trees` (sklearn).'),
    maxSamples: z.number().gt(0).max(1).default(1).describe('Bootstrap sample size as a fraction of the rows.'),
    criterion: z
      .enum(['auto', 'gini', 'entropy', 'squared-error'])
      .default('auto')
      .describe("Split criterion; `'auto'` = gini for classification, squared-error for regression."),
    classWeight: z
      .enum(['none', 'balanced'])
      .default('none')
      .describe("`'balanced'` reweights classes by n / (k · count) (sklearn `class_weight='balanced'`)."),
    oobScore: z.boolean().default(false).describe('Compute the out-of-bag score (accuracy or R²) and predictions; needs bootstrap.'),
    maxBins: z
      .number()
      .int()
      .min(2)
      .max(255)
      .default(255)
      .describe('Value bins per numeric feature (2..255); missing values get one more bin of their own.'),
  })
  .strict();

/** Parameters as the user writes them (every field optional). */
export type ForestParamsInput = z.input<typeof forestParamsSchema>;
/** Parameters with defaults applied. */
export type ForestParams = z.output<typeof forestParamsSchema>;

/**
 * `rf` / `extra-trees` parameters under scikit-learn's RandomForest / ExtraTrees names, XGBoost's random-forest
 * names (`num_parallel_tree`, `subsample`, `colsample_bynode`) and LightGBM's `rf` boosting names; `maxBins` under
 * the histogram libraries' names.
 */
export const FOREST_PARAM_ALIASES: ParamAliases<keyof ForestParams & string> = {
  nEstimators: { 'scikit-learn': ['n_estimators'], xgboost: ['num_parallel_tree'], lightgbm: ['num_iterations', 'num_trees'] },
  maxDepth: { 'scikit-learn': ['max_depth'], xgboost: ['max_depth'], lightgbm: ['max_depth'] },
  minSamplesLeaf: { 'scikit-learn': ['min_samples_leaf'], lightgbm: ['min_data_in_leaf', 'min_child_samples'] },
  minSamplesSplit: { 'scikit-learn': ['min_samples_split'] },
  minImpurityDecrease: { 'scikit-learn': ['min_impurity_decrease'] },
  maxFeatures: { 'scikit-learn': ['max_features'], xgboost: ['colsample_bynode'], lightgbm: ['feature_fraction_bynode'] },
  bootstrap: { 'scikit-learn': ['bootstrap'] },
  maxSamples: { 'scikit-learn': ['max_samples'], xgboost: ['subsample'], lightgbm: ['bagging_fraction'] },
  criterion: { 'scikit-learn': ['criterion'] },
  classWeight: { 'scikit-learn': ['class_weight'] },
  oobScore: { 'scikit-learn': ['oob_score'] },
  maxBins: { 'scikit-learn': ['max_bins'], xgboost: ['max_bin'], lightgbm: ['max_bin'] },
};

/** Parameters resolved against the task, the data width and the learner kind. */
export interface ResolvedForestParams {
  readonly nEstimators: number;
  /** 0 = unlimited. */
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  readonly minSamplesSplit: number;
  readonly minImpurityDecrease: number;
  /** Features tried per node, as given (resolved by {@link featuresPerNode} against the usable features). */
  readonly maxFeatures: ForestParams['maxFeatures'];
  readonly bootstrap: boolean;
  readonly maxSamples: number;
  readonly criterion: ForestCriterion;
  readonly classWeight: 'none' | 'balanced';
  readonly oobScore: boolean;
  readonly maxBins: number;
  /** Extra trees: one random threshold per tried feature instead of the best one. */
  readonly randomSplits: boolean;
}

/**
 * Parses and resolves forest parameters.
 * @throws MLP_ML_INVALID_PARAM for unknown keys, out-of-range values, a criterion that does not fit the task,
 *   or `oobScore` without bootstrap.
 */
export function resolveForestParams(learner: string, raw: unknown, task: Task, randomSplits: boolean): ResolvedForestParams {
  const p = parseLearnerParams(learner, forestParamsSchema, raw);
  const classification = task !== 'regression';
  let criterion: ForestCriterion;
  if (p.criterion === 'auto') criterion = classification ? 'gini' : 'squared-error';
  else criterion = p.criterion;
  if (classification && criterion === 'squared-error') {
    throw InvalidParamError({
      learner,
      param: 'criterion',
      problem: `"squared-error" is for regression; use "gini" or "entropy" for a ${task} task`,
    });
  }
  if (!classification && criterion !== 'squared-error') {
    throw InvalidParamError({
      learner,
      param: 'criterion',
      problem: `"${criterion}" is for classification; use "squared-error" for regression`,
    });
  }
  if (!classification && p.classWeight !== 'none') {
    throw InvalidParamError({
      learner,
      param: 'classWeight',
      problem: 'class weights apply to classification only; remove it for regression',
    });
  }
  const bootstrap = p.bootstrap ?? !randomSplits;
  if (p.oobScore && !bootstrap) {
    throw InvalidParamError({
      learner,
      param: 'oobScore',
      problem: 'the out-of-bag score needs bootstrap samples; set bootstrap: true or oobScore: false',
    });
  }
  return {
    nEstimators: p.nEstimators,
    maxDepth: p.maxDepth,
    minSamplesLeaf: p.minSamplesLeaf,
    minSamplesSplit: p.minSamplesSplit,
    minImpurityDecrease: p.minImpurityDecrease,
    maxFeatures: p.maxFeatures,
    bootstrap,
    maxSamples: p.maxSamples,
    criterion,
    classWeight: p.classWeight,
    oobScore: p.oobScore,
    maxBins: p.maxBins,
    randomSplits,
  };
}

/** Number of features tried per node for a `maxFeatures` setting (at least 1, at most `cols`). */
export function featuresPerNode(maxFeatures: ForestParams['maxFeatures'], classification: boolean, cols: number): number {
  let m: number;
  if (maxFeatures === 'auto') m = classification ? Math.floor(Math.sqrt(cols)) : cols;
  else if (maxFeatures === 'sqrt') m = Math.floor(Math.sqrt(cols));
  else if (maxFeatures === 'log2') m = Math.floor(Math.log2(cols));
  else if (maxFeatures <= 1) m = Math.floor(maxFeatures * cols);
  else m = Math.floor(maxFeatures);
  return Math.max(1, Math.min(cols, m));
}
