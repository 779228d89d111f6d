import { join } from 'node:path';

import { parseProfile } from '../data/index.js';
import type { DatasetVersion } from '../store/index.js';
import type { Workspace } from './workspace.js';

/** What the quick start did, for the CLI to print. */
export interface QuickstartSummary {
  dataset: DatasetVersion;
  datasetCreated: boolean;
  runId: string;
  experiment: string;
  databaseUrl: string;
  artifactRoot: string;
}

/**
 * The README's main job on the embedded defaults: registers the bundled iris dataset as a dataset version,
 * records it as the input of a tracked run, and logs what it learned about the data. Running it again reuses
 * the same dataset version (same content) and records a new run.
 */
export async function runQuickstart(ws: Workspace, options: { examplesDir: string }): Promise<QuickstartSummary> {
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
      for (const column of parseProfile(version.profile).columns) {
        const mean = column.numeric?.mean;
        if (typeof mean === 'number') metrics[`mean.${column.name.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/_+$/, '')}`] = mean;
      }
      await run.logMetrics(metrics);
      await run.logArtifact('profile.json', JSON.stringify(version.profile, null, 2));
      return run.id;
    },
  );
  return { dataset: version, datasetCreated: created, runId, experiment, databaseUrl: ws.databaseUrl, artifactRoot: ws.artifacts.location };
}
