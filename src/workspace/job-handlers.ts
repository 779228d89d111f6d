/**
 * The workspace's own job handlers — training and batch prediction as jobs — exported as a handler module
 * (`jobHandlers`) that every job runner of a workspace loads, in pool threads and `mlpilot worker` processes alike.
 * Each handler works in {@link Workspace.forJob}: the platform its runner opened for the workspace, writing as the
 * job's submitter.
 */
import { toJsonObject } from '../core/index.js';
import { defineJobHandler } from '../jobs/index.js';
import { automlSummary } from './automl-records.js';
import { runTrialJob } from './automl-trial-job.js';
import { automlTrialPayloadSchema } from './automl-trials.js';
import { automlPayloadSchema, predictPayloadSchema, trainPayloadSchema } from './job-payloads.js';
import { builtinStoreExtensions } from './store-extensions.js';
import { Workspace } from './workspace.js';

/** `train`: fits, evaluates, records and registers a model (see `TrainingService.train`); progress is the fits done. */
export const trainJobHandler = defineJobHandler({
  id: 'train',
  title: 'Train, evaluate and register a model',
  payloadSchema: trainPayloadSchema,
  async run(payload, ctx) {
    const ws = await Workspace.forJob(ctx);
    const result = await ws.training.train(payload, ws.ctx, {
      signal: ctx.signal,
      progress: (fraction) => ctx.progress(fraction, 'training'),
    });
    return toJsonObject({
      runId: result.runId,
      model: { name: result.modelVersion.modelName, version: result.modelVersion.version },
      dataset: { name: result.dataset.datasetName, version: result.dataset.version },
      task: result.task,
      ...(result.taskReason === undefined ? {} : { taskReason: result.taskReason }),
      ...(result.positiveClass === undefined ? {} : { positiveClass: result.positiveClass }),
      primaryMetric: result.primaryMetric,
      metrics: result.metrics,
      ...(result.metricsStd === undefined ? {} : { metricsStd: result.metricsStd }),
      skipped: result.skipped,
      evaluation: result.evaluation,
      ...(result.splitReason === undefined ? {} : { splitReason: result.splitReason }),
      fittedOn: result.fittedOn,
    });
  },
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
      {
        model: payload.model,
        data: payload.data,
        ...(payload.threads === undefined ? {} : { threads: payload.threads }),
        ...(payload.experiment === undefined ? {} : { experiment: payload.experiment }),
      },
      ws.ctx,
      { signal: ctx.signal, progress: (fraction) => ctx.progress(fraction, 'scoring') },
    );
    return toJsonObject(scored);
  },
});

/** `automl-trial`: one trial of an AutoML search (see `trialExecutor`), on a pool thread or a `mlpilot worker`. */
export const automlTrialJobHandler = defineJobHandler({
  id: 'automl-trial',
  title: 'Run one AutoML trial',
  payloadSchema: automlTrialPayloadSchema,
  async run(payload, ctx) {
    return runTrialJob(await Workspace.forJob(ctx), payload, ctx.signal);
  },
});

/**
 * `automl`: a whole AutoML search (see `AutomlService.run`) on registered dataset versions; progress is the
 * budget spent, with the trials and the best score as the message.
 */
export const automlJobHandler = defineJobHandler({
  id: 'automl',
  title: 'Search learners, hyperparameters and an ensemble (AutoML)',
  payloadSchema: automlPayloadSchema,
  async run(payload, ctx) {
    const ws = await Workspace.forJob(ctx);
    const { test, data, ...rest } = payload;
    const run = await ws.automl.run({ ...rest, train: { data }, ...(test === undefined ? {} : { test: { data: test } }) }, ws.ctx, {
      signal: ctx.signal,
      progress: (p) =>
        ctx.progress(
          p.elapsedSeconds / p.budgetSeconds,
          `${p.phase}: ${p.trials} trials${p.failed > 0 ? ` (${p.failed} failed)` : ''}${p.bestScore === undefined ? '' : `, best ${p.bestScore.toPrecision(5)}`}`,
        ),
    });
    return automlSummary(run);
  },
});

/** The handler module's export: every runner of a workspace loads these. */
export const jobHandlers = [trainJobHandler, predictJobHandler, automlJobHandler, automlTrialJobHandler];

/** The store extensions of mlpilot's capabilities, so job threads and workers open the store with them. */
export const storeExtensions = builtinStoreExtensions;
