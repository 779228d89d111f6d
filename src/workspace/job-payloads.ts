/**
 * The payloads of the workspace's job types, which are also the bodies of `POST /api/v1/train` and
 * `POST /api/v1/predict`. Apart from the handlers so that validating a request does not load the job runner.
 */
import { z } from 'zod';

import { assertName, SPLIT_MODES, type SplitMode, TASKS } from '../core/index.js';
import { parseRef } from './refs.js';

/** A string that `check` accepts (it throws the catalog's error otherwise), as a schema. */
const checked = (check: (value: string) => unknown) =>
  z.string().superRefine((value, issue) => {
    try {
      check(value);
    } catch (error) {
      issue.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });
/** A `NAME[@VERSION|@ALIAS]` reference, checked like everywhere else. */
const ref = (field: string) => checked((value) => parseRef(value, field));
const name = (field: string) => checked((value) => assertName(value, field));
/** The seed of splits and learners: a 31-bit non-negative integer. */
const seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1)
  .optional();

/** The evaluation options of a training request, as {@link trainOptionConflict} reads them. */
export interface TrainEvaluationOptions {
  readonly holdout?: number | undefined;
  readonly cv?: number | undefined;
  readonly timeColumn?: string | undefined;
  readonly groupColumn?: string | undefined;
  readonly split?: SplitMode | undefined;
}

/**
 * The first pair of evaluation options a training request may not combine, with why (the field named is the one to
 * drop), or undefined. One rule for the CLI, the library and the API body, so none silently ignores an option.
 */
export function trainOptionConflict(options: TrainEvaluationOptions): { field: string; problem: string } | undefined {
  const { holdout, cv, timeColumn, groupColumn, split } = options;
  if (cv !== undefined && holdout !== undefined)
    return {
      field: 'holdout',
      problem: 'give cv or holdout, not both: cross-validation validates on every row in turn, so there is no holdout',
    };
  if (timeColumn !== undefined && groupColumn !== undefined)
    return { field: 'groupColumn', problem: 'give timeColumn or groupColumn, not both: a split either follows time or keeps groups whole' };
  if (holdout === 0) {
    const splitBy =
      timeColumn !== undefined ? 'timeColumn' : groupColumn !== undefined ? 'groupColumn' : split !== undefined ? 'split' : '';
    if (splitBy !== '')
      return {
        field: splitBy,
        problem: `holdout 0 means no evaluation (one fit on every row), so there is no split for ${splitBy}; give one of them`,
      };
  }
  if (split === 'random' && (timeColumn !== undefined || groupColumn !== undefined))
    return {
      field: 'split',
      problem: `split "random" contradicts ${timeColumn !== undefined ? 'timeColumn' : 'groupColumn'}: give one of them`,
    };
  return undefined;
}

/**
 * A training request as a job payload (and the `POST /api/v1/train` body): the data is always a registered dataset
 * version — a job never reads a path it was given.
 */
export const trainPayloadSchema = z
  .strictObject({
    data: ref('data'),
    target: z.string().min(1).max(256),
    learner: z.string().min(1).max(64).default('gbdt'),
    params: z.record(z.string(), z.unknown()).default({}),
    model: name('model').optional(),
    experiment: name('experiment').optional(),
    holdout: z
      .number()
      .min(0)
      .lt(1)
      .optional()
      .meta({ description: 'Fraction of rows held out for evaluation (default 0.2); 0: no evaluation. Not with `cv`.' }),
    cv: z.number().int().min(2).max(100).optional(),
    timeColumn: z.string().min(1).max(256).optional(),
    groupColumn: z.string().min(1).max(256).optional(),
    split: z
      .enum(SPLIT_MODES)
      .optional()
      .meta({ description: '`auto` (default): by time when the data has one date/time column, else at random; `random`: at random.' }),
    task: z.enum(TASKS).optional(),
    positiveClass: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .meta({ description: 'The class ROC AUC and F1 treat as positive (binary only); default the second of the sorted labels.' }),
    seed,
    threads: z.number().int().min(1).max(64).optional(),
  })
  .superRefine((payload, issue) => {
    const conflict = trainOptionConflict(payload);
    if (conflict !== undefined) issue.addIssue({ code: 'custom', path: [conflict.field], message: conflict.problem });
  });

/** A batch prediction as a job payload: a registered model version scores a registered dataset version. */
export const predictPayloadSchema = z.strictObject({
  model: ref('model'),
  data: ref('data'),
  threads: z.number().int().min(1).max(64).optional(),
  experiment: name('experiment').optional(),
});

/**
 * An AutoML search as a job payload (and the `POST /api/v1/automl` body): training and test data are registered
 * dataset versions.
 */
export const automlPayloadSchema = z.strictObject({
  data: ref('data'),
  test: ref('test').optional().meta({ description: 'Dataset version scored after the search (never used to choose anything).' }),
  target: z.string().min(1).max(256),
  task: z.enum(TASKS).optional(),
  metric: z.string().min(1).max(64).optional().meta({ description: 'Metric to optimise (roc_auc, log_loss, rmse, …); default by task.' }),
  timeColumn: z.string().min(1).max(256).optional(),
  budgetSeconds: z.number().gt(0).max(86_400).default(60).meta({ description: 'Wall-clock seconds for everything.' }),
  workers: z
    .number()
    .int()
    .min(1)
    .max(64)
    .optional()
    .meta({ description: 'Trials at once (worker threads, or `mlpilot worker` processes on pg-boss).' }),
  threads: z.number().int().min(1).max(64).optional(),
  seed,
  maxTrials: z.number().int().min(1).max(100_000).optional(),
  experiment: name('experiment').optional(),
  register: name('register').optional().meta({ description: 'Register the final model under this name.' }),
});
