/** Lineage both ways: from a model version to what made it, from a dataset version to what used it. */
import type { DatasetVersion } from './datasets.js';
import type { Experiment } from './experiments.js';
import type { ModelVersion } from './registry.js';
import type { InputRole, Run, RunInput, RunStatus } from './runs.js';
import type { VersionRef } from './write-context.js';

export interface ModelLineage {
  modelVersion: ModelVersion;
  run: Run | null;
  experiment: Experiment | null;
  code: { gitCommit: string | null; gitDirty: boolean | null };
  datasets: Array<RunInput & { contentHash: string }>;
}

export interface DatasetLineage {
  datasetVersion: DatasetVersion;
  runs: Array<{ runId: string; runName: string | null; experimentId: string; status: RunStatus; role: InputRole }>;
  modelVersions: Array<{ modelName: string; version: number; runId: string; aliases: string[] }>;
}

export interface LineageRepo {
  /** Run, code commit and dataset versions behind one model version, in one SQL query. */
  forModelVersion(name: string, ref: VersionRef): Promise<ModelLineage>;
  /** Every run and model version that used one dataset version, in one SQL query. */
  forDatasetVersion(name: string, ref: VersionRef): Promise<DatasetLineage>;
}
