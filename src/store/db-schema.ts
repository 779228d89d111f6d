/**
 * Row types of every table, as Kysely sees them. Both backends use the same column types: ids and names are
 * TEXT, times and counts BIGINT (parsed as JS numbers), flags INTEGER 0/1, JSON documents TEXT.
 */
import type { Generated } from 'kysely';

export interface ExperimentsTable {
  id: string;
  name: string;
  description: string | null;
  created_at: number;
  deleted: number;
}

export interface KeyValueTable {
  key: string;
  value: string;
}

export interface ExperimentTagsTable extends KeyValueTable {
  experiment_id: string;
}

export interface RunsTable {
  id: string;
  experiment_id: string;
  name: string | null;
  status: string;
  start_time: number;
  end_time: number | null;
  parent_run_id: string | null;
  git_commit: string | null;
  git_dirty: number | null;
  deleted: number;
}

export interface RunKeyValueTable extends KeyValueTable {
  run_id: string;
  /** Copied from the run (never changes) so that search walks `(experiment_id, key, value, start_time)`. */
  experiment_id: string;
  /** Copied from the run (never changes). */
  start_time: number;
}

export interface MetricsTable {
  run_id: string;
  key: string;
  /** NULL stands for NaN (SQLite cannot store NaN; one code path for both backends). */
  value: number | null;
  step: number;
  timestamp: number;
}

/** The latest point per (run, key), with the run's experiment for index-ordered search. */
export interface LatestMetricsTable extends MetricsTable {
  experiment_id: string;
}

export interface RunInputsTable {
  run_id: string;
  dataset_version_id: string;
  role: string;
}

export interface RunArtifactsTable {
  run_id: string;
  path: string;
  digest: string;
  size: number;
}

export interface DatasetsTable {
  id: string;
  name: string;
  description: string | null;
  created_at: number;
}

export interface DatasetVersionsTable {
  id: string;
  dataset_id: string;
  version: number;
  content_hash: string;
  format: string;
  source: string;
  row_count: number;
  byte_size: number;
  schema_json: string;
  profile_json: string;
  artifact_digest: string | null;
  created_at: number;
}

export interface ModelsTable {
  id: string;
  name: string;
  description: string | null;
  created_at: number;
  updated_at: number;
  /** The highest version number the model ever had (deleted versions included): numbers are never reused. */
  last_version: number;
}

export interface ModelTagsTable extends KeyValueTable {
  model_id: string;
}

export interface ModelVersionsTable {
  id: string;
  model_id: string;
  version: number;
  run_id: string | null;
  bundle_digest: string;
  signature_json: string;
  metrics_json: string;
  description: string | null;
  created_at: number;
}

export interface ModelVersionTagsTable extends KeyValueTable {
  model_version_id: string;
}

export interface ModelAliasesTable {
  model_id: string;
  alias: string;
  version: number;
}

export interface EventsTable {
  seq: Generated<number>;
  id: string;
  type: string;
  subject_kind: string;
  subject_id: string;
  actor: string;
  timestamp: number;
  payload_json: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  role: string;
  owner: string;
  secret_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface JobsTable {
  id: string;
  type: string;
  payload_json: string;
  status: string;
  progress: number;
  progress_message: string | null;
  result_json: string | null;
  error_json: string | null;
  attempts: number;
  cancel_requested: number;
  worker_id: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  parent_id: string | null;
  job_group: string | null;
  submitted_by: string | null;
}

export interface StoreExtensionsTable {
  id: string;
  artifact_columns_json: string;
  registered_at: number;
}

/** The whole core schema as of the newest core migration (store extensions type their own tables). */
export interface Database {
  experiments: ExperimentsTable;
  experiment_tags: ExperimentTagsTable;
  runs: RunsTable;
  run_params: RunKeyValueTable;
  run_tags: RunKeyValueTable;
  metrics: MetricsTable;
  latest_metrics: LatestMetricsTable;
  run_inputs: RunInputsTable;
  run_artifacts: RunArtifactsTable;
  datasets: DatasetsTable;
  dataset_versions: DatasetVersionsTable;
  models: ModelsTable;
  model_tags: ModelTagsTable;
  model_versions: ModelVersionsTable;
  model_version_tags: ModelVersionTagsTable;
  model_aliases: ModelAliasesTable;
  events: EventsTable;
  api_tokens: ApiTokensTable;
  jobs: JobsTable;
  store_extensions: StoreExtensionsTable;
}
