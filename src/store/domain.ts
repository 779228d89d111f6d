/**
 * The domain objects the metadata store keeps (experiments, runs, datasets, models, lineage, events, tokens,
 * jobs). Timestamps are milliseconds since the Unix epoch. The repository interfaces are in `contract.ts`.
 */
import type { JsonObject, JsonValue } from '../core/index.js';

/** Who performs a mutation: the API token's owner, or the local OS user for the embedded CLI. */
export interface WriteContext {
  readonly actor: string;
}

// ---------------------------------------------------------------------------------------------- tracking

export interface Experiment {
  id: string;
  name: string;
  description: string | null;
  tags: Record<string, string>;
  createdAt: number;
  deleted: boolean;
}

export type RunStatus = 'running' | 'finished' | 'failed' | 'killed';

export interface MetricPoint {
  key: string;
  /**
   * Any number. ±Infinity is stored as is; NaN is stored as NULL (SQLite cannot hold NaN) and read back as
   * NaN. A NaN latest value never matches a search comparison and sorts with the runs lacking the metric.
   */
  value: number;
  /** Training step (iteration, epoch); 0 when not given. */
  step: number;
  /** When the value was measured (ms). */
  timestamp: number;
}

export type InputRole = 'train' | 'validation' | 'test' | 'input';

export interface RunInput {
  datasetVersionId: string;
  datasetName: string;
  version: number;
  role: InputRole;
}

export interface RunArtifact {
  /** Logical path inside the run (validated relative path). */
  path: string;
  /** sha256 hex of the content in the artifact store. */
  digest: string;
  size: number;
}

export interface Run {
  id: string;
  experimentId: string;
  name: string | null;
  status: RunStatus;
  startTime: number;
  endTime: number | null;
  parentRunId: string | null;
  /** Git commit of the working tree the run came from, and whether it had uncommitted changes. */
  gitCommit: string | null;
  gitDirty: boolean | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  /** Latest value of every metric key (the highest step, then the latest timestamp). */
  metrics: Record<string, number>;
  inputs: RunInput[];
  deleted: boolean;
}

export interface CreateRunInput {
  experimentId: string;
  name?: string;
  parentRunId?: string;
  gitCommit?: string | null;
  gitDirty?: boolean | null;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  /** Defaults to the store clock's now. */
  startTime?: number;
}

/**
 * A run search. `filter` uses the search language, parsed (never concatenated into SQL):
 * `metrics.auc > 0.8 and params.lr = '0.1' and tags.team = 'x' and attributes.status = 'finished'`;
 * comparisons `= != < <= > >=` on metrics and the time attributes, `= != like ilike in (…) not in (…)` on
 * params, tags and string attributes (status, name, run_id, experiment_id), joined with `and`; keys with
 * spaces or dots in backticks or double quotes (metrics.`val loss`). Syntax errors: MLP_STORE_SEARCH_SYNTAX
 * with the character position. `orderBy`: up to 3 entries like `metrics.auc desc`, `attributes.start_time
 * asc`, `params.lr` (runs lacking a key sort last); default `attributes.start_time desc`.
 */
export interface RunSearch {
  /** Restrict to these experiments (recommended: searches inside experiments use the fastest indexes). */
  experimentIds?: string[];
  filter?: string;
  orderBy?: string[];
  /** 1..1000, default 100. */
  maxResults?: number;
  /** Opaque token from the previous page's `nextPageToken`. */
  pageToken?: string;
  includeDeleted?: boolean;
}

export interface RunPage {
  runs: Run[];
  nextPageToken: string | null;
}

// ---------------------------------------------------------------------------------------------- datasets

export interface Dataset {
  id: string;
  name: string;
  description: string | null;
  createdAt: number;
  latestVersion: number;
  versionCount: number;
}

export interface DatasetVersion {
  id: string;
  datasetId: string;
  datasetName: string;
  /** 1, 2, 3… per dataset, in order of registration. */
  version: number;
  /** sha256 hex of the file content: the version's identity. */
  contentHash: string;
  /** csv | tsv | jsonl | parquet */
  format: string;
  /** Where it came from (file path or URI as given by the user). */
  source: string;
  rowCount: number;
  byteSize: number;
  /** Column schema as produced by src/data (JSON). */
  schema: JsonValue;
  /** Basic per-column profile as produced by src/data (JSON). */
  profile: JsonValue;
  /** Digest of the stored copy in the artifact store (equals contentHash when the raw file is stored). */
  artifactDigest: string | null;
  createdAt: number;
}

export interface AddDatasetVersionInput {
  name: string;
  description?: string;
  contentHash: string;
  format: string;
  source: string;
  rowCount: number;
  byteSize: number;
  schema: JsonValue;
  profile: JsonValue;
  artifactDigest: string | null;
}

// ---------------------------------------------------------------------------------------------- registry

export interface Model {
  id: string;
  name: string;
  description: string | null;
  tags: Record<string, string>;
  /** alias → version number, e.g. { champion: 3 }. */
  aliases: Record<string, number>;
  latestVersion: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface ModelVersion {
  id: string;
  modelId: string;
  modelName: string;
  version: number;
  runId: string | null;
  /** sha256 hex of the bundle's manifest in the artifact store. */
  bundleDigest: string;
  /** Input schema and output of the model (JSON, see src/ml). */
  signature: JsonValue;
  metrics: Record<string, number>;
  description: string | null;
  tags: Record<string, string>;
  aliases: string[];
  createdAt: number;
}

export interface CreateModelVersionInput {
  modelName: string;
  runId?: string | null;
  bundleDigest: string;
  signature: JsonValue;
  metrics?: Record<string, number>;
  description?: string;
  tags?: Record<string, string>;
}

/** `3`, `"3"`, `"latest"` or an alias such as `"champion"`. */
export type VersionRef = number | string;

// ---------------------------------------------------------------------------------------------- lineage

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

// ---------------------------------------------------------------------------------------------- events

/**
 * Event types. Names are `<subject>.<past-tense verb>` and permanent: DORA metrics and the audit trail read
 * them. Later capabilities add their own (deployment.*, incident.*) through migrations and this union.
 */
export type EventType =
  | 'experiment.created'
  | 'experiment.deleted'
  | 'experiment.tagged'
  | 'run.created'
  | 'run.params_logged'
  | 'run.tagged'
  | 'run.inputs_added'
  | 'run.artifact_logged'
  | 'run.ended'
  | 'run.deleted'
  | 'dataset.version_added'
  | 'model.created'
  | 'model.updated'
  | 'model.tagged'
  | 'model.version_created'
  | 'model.version_tagged'
  | 'model.alias_set'
  | 'model.alias_deleted'
  | 'token.created'
  | 'token.revoked'
  | 'job.submitted'
  | 'job.started'
  | 'job.cancel_requested'
  | 'job.finished'
  | 'artifacts.collected';

export type SubjectKind = 'experiment' | 'run' | 'dataset' | 'model' | 'token' | 'job' | 'artifacts';

export interface StoredEvent {
  /** Strictly increasing position in the log (a cursor for tailing). */
  seq: number;
  id: string;
  type: EventType;
  subjectKind: SubjectKind;
  /** The subject's id (run id, model id, dataset version id, …). */
  subjectId: string;
  actor: string;
  timestamp: number;
  payload: JsonObject;
}

export interface EventQuery {
  since?: number;
  until?: number;
  types?: EventType[];
  subjectKind?: SubjectKind;
  subjectId?: string;
  actor?: string;
  /** Only events with `seq` greater than this. */
  afterSeq?: number;
  /** Default 100, at most 10 000. */
  limit?: number;
  order?: 'asc' | 'desc';
}

// ---------------------------------------------------------------------------------------------- auth

export type Role = 'viewer' | 'editor' | 'deployer' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'editor', 'deployer', 'admin'];

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  /** The person or system the token acts for; becomes the actor of its events. */
  owner: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

// ---------------------------------------------------------------------------------------------- jobs

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobRecord {
  id: string;
  type: string;
  payload: JsonValue;
  status: JobStatus;
  /** 0..1 */
  progress: number;
  progressMessage: string | null;
  result: JsonValue | null;
  error: { code: string; message: string } | null;
  attempts: number;
  cancelRequested: boolean;
  workerId: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** The job that submitted this one (an AutoML search's trials), or null. */
  parentId: string | null;
  /** A name that ties jobs together for listing and collecting (e.g. one search), or null. */
  group: string | null;
  /** The actor who submitted the job; its handler writes as this actor. Null for jobs from before 0.2. */
  submittedBy: string | null;
}

/** What a new job is. */
export interface CreateJobInput {
  id?: string;
  type: string;
  payload: JsonValue;
  /** Parent job (must exist). */
  parentId?: string;
  group?: string;
}

/** Which jobs to list, newest first. */
export interface JobQuery {
  status?: JobStatus[];
  type?: string;
  parentId?: string;
  group?: string;
  /** 1..10 000, default 100. */
  limit?: number;
}

export interface JobUpdate {
  status?: JobStatus;
  progress?: number;
  progressMessage?: string | null;
  result?: JsonValue | null;
  error?: { code: string; message: string } | null;
  attempts?: number;
  workerId?: string | null;
  startedAt?: number | null;
  finishedAt?: number | null;
}
