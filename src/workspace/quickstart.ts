import { join, relative, resolve, sep } from 'node:path';

import { readProfileDocument } from '../data/index.js';
import type { DatasetVersion, ModelVersion } from '../store/index.js';
import { type GitIgnoreOutcome, ignoreInGit } from './gitignore.js';
import { type QuickstartMonitoring, replayShiftedWindow } from './quickstart-monitoring.js';
import type { TrainResult } from './training-service.js';
import type { Workspace } from './workspace.js';

/** What the quick start did, for the CLI to print. */
export interface QuickstartSummary {
  dataset: DatasetVersion;
  datasetCreated: boolean;
  runId: string;
  experiment: string;
  /** The gbdt model trained on the dataset, registered and aliased `champion`. */
  model: ModelVersion;
  training: Pick<TrainResult, 'runId' | 'metrics' | 'primaryMetric' | 'task'>;
  databaseUrl: string;
  artifactRoot: string;
  /** The AutoML search on the same dataset version (a 5-second budget), its model registered as `iris-automl`. */
  automl: QuickstartAutoml;
  /** A later window of the data with a planted shift, scored and logged: its drift, estimated and realised accuracy. */
  monitoring: QuickstartMonitoring;
  /** Whether the workspace folder (`.mlpilot/`) was added to the project's `.gitignore`. */
  gitignore: { entry: string; outcome: GitIgnoreOutcome };
}

/** What the quick start's AutoML step found. */
export interface QuickstartAutoml {
  runId: string;
  budgetSeconds: number;
  trials: number;
  failedTrials: number;
  bestLearner: string;
  ensembleSize: number;
  /** The metric as the AutoML output spells it (`log_loss`). */
  metric: string;
  validationScore: number;
  model: ModelVersion;
}

/** The quick start's AutoML budget: long enough for tens of trials on iris, short enough for `npm start`. */
export const QUICKSTART_AUTOML_BUDGET_SECONDS = 5;

/**
 * The README's main job on the embedded defaults: registers the bundled iris dataset as a dataset version,
 * records it as the input of a tracked run that logs what it learned about the data, then trains a gbdt
 * classifier on it as a second tracked run, registers it as `iris-classifier` and points the `champion` alias at
 * it, then runs a short AutoML search (5 s by default) on the same dataset version (a parent run with a child run per trial) and
 * registers its model as `iris-automl`, and finally replays a later window of the data with a planted shift through
 * monitoring (see {@link replayShiftedWindow}). Running it again reuses the same dataset version (same content) and adds
 * new runs and new model versions. In a
 * git work tree it first adds the workspace folder (`.mlpilot/`) to `.gitignore`, once.
 */
export async function runQuickstart(
  ws: Workspace,
  options: {
    examplesDir: string;
    /** The AutoML step's budget (default {@link QUICKSTART_AUTOML_BUDGET_SECONDS}). */ automlBudgetSeconds?: number;
  },
): Promise<QuickstartSummary> {
  const home = resolve(ws.cwd, ws.config.home);
  const gitignore = { entry: `${relative(ws.cwd, home).split(sep).join('/')}/`, outcome: ignoreInGit(ws.cwd, home) };
  const file = join(options.examplesDir, 'iris.csv');
  const { version, created } = await ws.datasets.add({ file, name: 'iris', description: "Fisher's iris (examples/iris.csv)" }, ws.ctx);
  const experiment = 'quickstart';
  const runId = await ws.tracker().withRun(
    {
      experiment,
      name: 'profile-iris',
      params: { dataset: `iris@${version.version}`, rows: version.rowCount, target: 'species' },
      tags: { source: 'mlpilot quickstart' },
      inputs: [{ dataset: `iris@${version.version}`, role: 'train' }],
    },
    async (run) => {
      const metrics: Record<string, number> = { rows: version.rowCount };
      for (const column of readProfileDocument(version.profile).columns) {
        const mean = column.numeric?.mean;
        if (typeof mean === 'number') metrics[`mean.${column.name.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/_+$/, '')}`] = mean;
      }
      await run.logMetrics(metrics);
      await run.logArtifact('profile.json', JSON.stringify(version.profile, null, 2));
      return run.id;
    },
  );
  const trained = await ws.training.train(
    { data: `iris@${version.version}`, target: 'species', learner: 'gbdt', model: 'iris-classifier', experiment },
    ws.ctx,
  );
  await ws.models.setAlias('iris-classifier', 'champion', trained.modelVersion.version, ws.ctx);
  const model = await ws.store.models.getVersion('iris-classifier', trained.modelVersion.version);
  const search = await ws.automl.run(
    {
      train: { data: `iris@${version.version}` },
      target: 'species',
      budgetSeconds: options.automlBudgetSeconds ?? QUICKSTART_AUTOML_BUDGET_SECONDS,
      experiment,
      register: 'iris-automl',
    },
    ws.ctx,
  );
  const found = search.result;
  const automl: QuickstartAutoml = {
    runId: search.runId,
    budgetSeconds: found.budgetSeconds,
    trials: found.trials.length,
    failedTrials: found.trials.filter((t) => t.status === 'failed').length,
    bestLearner: found.best.learner,
    ensembleSize: found.ensemble.members.length,
    metric: found.metric.replace(/-/g, '_'),
    validationScore: found.ensemble.score,
    model: search.modelVersion as ModelVersion,
  };
  const monitoring = await replayShiftedWindow(ws, { dataset: version, target: 'species', model: 'iris-classifier', home });
  return {
    dataset: version,
    datasetCreated: created,
    runId,
    experiment,
    model,
    training: { runId: trained.runId, metrics: trained.metrics, primaryMetric: trained.primaryMetric, task: trained.task },
    automl,
    monitoring,
    databaseUrl: ws.databaseUrl,
    artifactRoot: ws.artifacts.location,
    gitignore,
  };
}
