/**
 * The workspace's own job handlers — training and batch prediction as jobs — exported as a handler module
 * (`jobHandlers`) that every job runner of a workspace loads, in pool threads and `mlpilot worker` processes alike.
 * Each handler works in {@link Workspace.forJob}: the platform its runner opened for the workspace, writing as the
 * job's submitter.
 */
import { z } from 'zod';

import { assertName, TASKS, toJsonObject } from '../core/index.js';
import { defineJobHandler } from '../jobs/index.js';
import { parseRef } from './refs.js';
import { Workspace } from './workspace.js';

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

/**
 * A training request as a job payload (and the `POST /api/v1/train` body): the data is always a registered dataset
 * version — a job never reads a path it was given.
 */
export const trainPayloadSchema = z.strictObject({
  data: ref('data'),
  target: z.string().min(1).max(256),
  learner: z.string().min(1).max(64).default('gbdt'),
  params: z.record(z.string(), z.unknown()).default({}),
  model: name('model').optional(),
  experiment: name('experiment').optional(),
  holdout: z.number().gt(0).lt(1).optional(),
  cv: z.number().int().min(2).max(100).optional(),
  timeColumn: z.string().min(1).max(256).optional(),
  groupColumn: z.string().min(1).max(256).optional(),
  task: z.enum(TASKS).optional(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  threads: z.number().int().min(1).max(64).optional(),
});

/** `train`: fits, evaluates, records and registers a model (see `TrainingService.train`); progress is the fits done. */
export const trainJobHandler = defineJobHandler({
  id: 'train',
  title: 'Train, evaluate and register a model',
  payloadSchema: trainPayloadSchema,
  async run(payload, ctx) {
    const ws = await Workspace.forJob(ctx);
    const result = await ws.training.train(payload, ws.ctx, { signal: ctx.signal, progress: (fraction) => ctx.progress(fraction, 'training') });
    return toJsonObject({
      runId: result.runId,
      model: { name: result.modelVersion.modelName, version: result.modelVersion.version },
      dataset: { name: result.dataset.datasetName, version: result.dataset.version },
      task: result.task,
      primaryMetric: result.primaryMetric,
      metrics: result.metrics,
      skipped: result.skipped,
      evaluation: result.evaluation,
    });
  },
});

/** A batch prediction as a job payload: a registered model version scores a registered dataset version. */
export const predictPayloadSchema = z.strictObject({
  model: ref('model'),
  data: ref('data'),
  threads: z.number().int().min(1).max(64).optional(),
  experiment: name('experiment').optional(),
});

/**
 * `predict`: scores a dataset version with a model version and records a run in `experiment` (default `predict`)
 * with the dataset as input, the model as a param and `predictions.csv` as its artifact, so the output is kept,
 * downloadable and traceable both ways.
 */
export const predictJobHandler = defineJobHandler({
  id: 'predict',
  title: 'Score a dataset version with a model version',
  payloadSchema: predictPayloadSchema,
  async run(payload, ctx) {
    const ws = await Workspace.forJob(ctx);
    const scored = await ws.predictions.predictDataset(
      { model: payload.model, data: payload.data, ...(payload.threads === undefined ? {} : { threads: payload.threads }), ...(payload.experiment === undefined ? {} : { experiment: payload.experiment }) },
      ws.ctx,
      { signal: ctx.signal, progress: (fraction) => ctx.progress(fraction, 'scoring') },
    );
    return toJsonObject(scored);
  },
});

/** The handler module's export: every runner of a workspace loads these. */
export const jobHandlers = [trainJobHandler, predictJobHandler];
