import { join, relative, resolve, sep } from 'node:path';

import { readProfileDocument } from '../data/index.js';
import type { DatasetVersion, ModelVersion } from '../store/index.js';
import { type GitIgnoreOutcome, ignoreInGit } from './gitignore.js';
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
  /** Whether the workspace folder (`.mlpilot/`) was added to the project's `.gitignore`. */
  gitignore: { entry: string; outcome: GitIgnoreOutcome };
}

/**
 * The README's main job on the embedded defaults: registers the bundled iris dataset as a dataset version,
 * records it as the input of a tracked run that logs what it learned about the data, then trains a gbdt
 * classifier on it as a second tracked run, registers it as `iris-classifier` and points the `champion` alias at
 * it. Running it again reuses the same dataset version (same content) and adds new runs and a new version. In a
 * git work tree it first adds the workspace folder (`.mlpilot/`) to `.gitignore`, once.
 */
export async function runQuickstart(ws: Workspace, options: { examplesDir: string }): Promise<QuickstartSummary> {
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
  return {
    dataset: version,
    datasetCreated: created,
    runId,
    experiment,
    model,
    training: { runId: trained.runId, metrics: trained.metrics, primaryMetric: trained.primaryMetric, task: trained.task },
    databaseUrl: ws.databaseUrl,
    artifactRoot: ws.artifacts.location,
    gitignore,
  };
}
