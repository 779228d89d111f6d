import { automlPayloadSchema, predictPayloadSchema, trainPayloadSchema } from '../../workspace/index.js';
import { jobSchema } from '../schemas.js';
import { defineRoute, type ServerRoute } from './define.js';

const tags = ['training'];

/**
 * Training and batch prediction as jobs: the request is validated, queued, and answered with the job at once
 * (202); follow it at `GET /jobs/{id}`. The data is always a registered dataset version (upload it first with
 * `POST /datasets/{name}/versions`), never a location on the server.
 */
export const trainingRoutes: ServerRoute[] = [
  defineRoute({
    method: 'POST',
    url: '/train',
    operationId: 'train',
    role: 'editor',
    summary: 'Train, evaluate and register a model as a job',
    description:
      'The job fits the learner on the dataset version, evaluates it on a holdout or by cross-validation (random, stratified, ' +
      'grouped by `groupColumn` or temporal by `timeColumn`), records a run and registers the next model version. Its result names the ' +
      'run, the model version and the metrics.',
    tags,
    body: trainPayloadSchema,
    status: 202,
    response: jobSchema,
    handler: async ({ deps, body, write }) => (await deps.workspace.jobs()).submit('train', body, undefined, write),
  }),
  defineRoute({
    method: 'POST',
    url: '/predict',
    operationId: 'predictBatch',
    role: 'editor',
    summary: 'Score a dataset version with a model version as a job',
    description:
      'For inputs too large for `POST /models/{name}/versions/{version}/predict`. The job records a run with the dataset version as input ' +
      'and `predictions.csv` as its artifact (download it from the run).',
    tags,
    body: predictPayloadSchema,
    status: 202,
    response: jobSchema,
    handler: async ({ deps, body, write }) => (await deps.workspace.jobs()).submit('predict', body, undefined, write),
  }),
  defineRoute({
    method: 'POST',
    url: '/automl',
    operationId: 'automl',
    role: 'editor',
    summary: 'Search learners, hyperparameters and an ensemble (AutoML) as a job',
    description:
      'The job searches the learners and their hyperparameters and preprocessing within `budgetSeconds` (wall clock), ensembles the best ' +
      "trials, records a parent run with a child run per trial, keeps the model and `report.html` as the parent run's artifacts and, with " +
      '`register`, registers the model. Its progress is the budget spent (message: phase, trials, best score); its result is the same ' +
      'summary as `mlpilot automl --json`.',
    tags,
    body: automlPayloadSchema,
    status: 202,
    response: jobSchema,
    handler: async ({ deps, body, write }) => (await deps.workspace.jobs()).submit('automl', body, undefined, write),
  }),
];
