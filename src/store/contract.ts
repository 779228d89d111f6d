/**
 * The metadata store contract: every domain object mlpilot keeps, and the one interface both SQL backends
 * (SQLite, PostgreSQL) implement. Timestamps are milliseconds since the Unix epoch, from the injected clock.
 * Every mutating method takes a {@link WriteContext} and appends its {@link StoredEvent} in the same
 * transaction, so the event log can never miss or invent a state change.
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

// ---------------------------------------------------------------------------------------------- the store

export interface ExperimentRepo {
  /** @throws MLP_STORE_CONFLICT when the name is taken. */
  create(input: { name: string; description?: string; tags?: Record<string, string> }, ctx: WriteContext): Promise<Experiment>;
  /** Get by id or name. @throws MLP_STORE_NOT_FOUND */
  get(idOrName: string): Promise<Experiment>;
  /** Get by name, creating it when missing. */
  ensure(name: string, ctx: WriteContext): Promise<Experiment>;
  list(options?: { includeDeleted?: boolean }): Promise<Experiment[]>;
  setTag(id: string, key: string, value: string, ctx: WriteContext): Promise<void>;
  /** Soft delete: runs stay searchable with includeDeleted. */
  delete(id: string, ctx: WriteContext): Promise<void>;
}

export interface RunRepo {
  create(input: CreateRunInput, ctx: WriteContext): Promise<Run>;
  /** @throws MLP_STORE_NOT_FOUND */
  get(id: string): Promise<Run>;
  /** Params are immutable: logging a different value for a logged key throws MLP_STORE_CONFLICT. */
  logParams(runId: string, params: Record<string, string>, ctx: WriteContext): Promise<void>;
  setTags(runId: string, tags: Record<string, string>, ctx: WriteContext): Promise<void>;
  /** Appends metric points in one transaction (batch API; no event per point). */
  logMetrics(runId: string, points: readonly MetricPoint[]): Promise<void>;
  /** Every point of one metric, ordered by step then timestamp. */
  metricHistory(runId: string, key: string): Promise<MetricPoint[]>;
  addInputs(runId: string, inputs: ReadonlyArray<{ datasetVersionId: string; role: InputRole }>, ctx: WriteContext): Promise<void>;
  logArtifact(runId: string, artifact: RunArtifact, ctx: WriteContext): Promise<void>;
  listArtifacts(runId: string): Promise<RunArtifact[]>;
  /** Ends a running run. @throws MLP_STORE_CONFLICT when it already ended. */
  end(runId: string, status: Exclude<RunStatus, 'running'>, ctx: WriteContext, endTime?: number): Promise<Run>;
  /** Soft delete. */
  delete(runId: string, ctx: WriteContext): Promise<void>;
  search(query: RunSearch): Promise<RunPage>;
  children(runId: string): Promise<Run[]>;
}

export interface DatasetRepo {
  /** Idempotent by content: the same content for the same name returns the existing version with `created: false`. */
  addVersion(input: AddDatasetVersionInput, ctx: WriteContext): Promise<{ version: DatasetVersion; created: boolean }>;
  /** `ref` is a version number, `"latest"` (default) or a content-hash prefix of ≥ 8 hex chars. @throws MLP_STORE_NOT_FOUND */
  getVersion(name: string, ref?: VersionRef): Promise<DatasetVersion>;
  getVersionById(id: string): Promise<DatasetVersion>;
  list(): Promise<Dataset[]>;
  listVersions(name: string): Promise<DatasetVersion[]>;
}

export interface ModelRepo {
  create(input: { name: string; description?: string; tags?: Record<string, string> }, ctx: WriteContext): Promise<Model>;
  get(name: string): Promise<Model>;
  list(): Promise<Model[]>;
  update(name: string, changes: { description?: string | null }, ctx: WriteContext): Promise<Model>;
  setTag(name: string, key: string, value: string, ctx: WriteContext): Promise<void>;
  /** Creates the next version (the model is created on first use). */
  createVersion(input: CreateModelVersionInput, ctx: WriteContext): Promise<ModelVersion>;
  getVersion(name: string, ref: VersionRef): Promise<ModelVersion>;
  listVersions(name: string): Promise<ModelVersion[]>;
  setVersionTag(name: string, version: number, key: string, value: string, ctx: WriteContext): Promise<void>;
  /** Points `alias` at `version`; the event records the previous version. */
  setAlias(name: string, alias: string, version: number, ctx: WriteContext): Promise<void>;
  deleteAlias(name: string, alias: string, ctx: WriteContext): Promise<void>;
}

export interface LineageRepo {
  /** Run, code commit and dataset versions behind one model version, in one SQL query. */
  forModelVersion(name: string, ref: VersionRef): Promise<ModelLineage>;
  /** Every run and model version that used one dataset version, in one SQL query. */
  forDatasetVersion(name: string, ref: VersionRef): Promise<DatasetLineage>;
}

export interface EventRepo {
  list(query?: EventQuery): Promise<StoredEvent[]>;
}

export interface TokenRepo {
  /** Creates a token; the plaintext secret is returned once and only its sha256 is stored. */
  issue(input: { name: string; role: Role; owner: string }, ctx: WriteContext): Promise<{ token: ApiToken; secret: string }>;
  /** The live token for a secret, or undefined (unknown or revoked). Updates lastUsedAt. */
  verify(secret: string): Promise<ApiToken | undefined>;
  list(): Promise<ApiToken[]>;
  revoke(id: string, ctx: WriteContext): Promise<void>;
  /** True when at least one live token exists (auth can be enforced). */
  any(): Promise<boolean>;
}

/** What a conditional job update expects to find (every given field must match). */
export interface JobExpectation {
  /** One status or any of several. */
  status?: JobStatus | JobStatus[];
  attempts?: number;
  /** `null` matches a job no worker holds. */
  workerId?: string | null;
  cancelRequested?: boolean;
}

export interface JobRepo {
  create(input: { id?: string; type: string; payload: JsonValue }, ctx: WriteContext): Promise<JobRecord>;
  get(id: string): Promise<JobRecord>;
  list(options?: { status?: JobStatus[]; type?: string; limit?: number }): Promise<JobRecord[]>;
  /**
   * Applies `changes` unconditionally. Status transitions append events: → running `job.started`, → a final
   * status `job.finished` (actor `worker:<workerId>` or `system`). @throws MLP_STORE_NOT_FOUND
   */
  update(id: string, changes: JobUpdate): Promise<JobRecord>;
  /**
   * Compare-and-set: applies `changes` only if the job still matches `expected` (e.g. a worker completes a
   * job only while it still owns the attempt: `{ status: 'running', attempts: 2, workerId: 'w1' }`), atomically.
   * Returns the updated record, or undefined when the job no longer matches. @throws MLP_STORE_NOT_FOUND
   */
  updateIf(id: string, expected: JobExpectation, changes: JobUpdate): Promise<JobRecord | undefined>;
  /** Marks a job for cancellation; a queued job is cancelled at once. */
  requestCancel(id: string, ctx: WriteContext): Promise<JobRecord>;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** The URL with any password removed. */
  readonly url: string;
  readonly experiments: ExperimentRepo;
  readonly runs: RunRepo;
  readonly datasets: DatasetRepo;
  readonly models: ModelRepo;
  readonly lineage: LineageRepo;
  readonly events: EventRepo;
  readonly tokens: TokenRepo;
  readonly jobs: JobRepo;
  /** Every artifact digest a run, dataset version or model version refers to (roots for artifact GC). */
  referencedDigests(): Promise<Set<string>>;
  /** Database-level integrity check (`PRAGMA integrity_check` / catalog checks). */
  integrityCheck(): Promise<{ ok: boolean; problems: string[] }>;
  /** Records an event outside any other mutation (e.g. artifact GC). */
  appendEvent(event: { type: EventType; subjectKind: SubjectKind; subjectId: string; payload: JsonObject }, ctx: WriteContext): Promise<StoredEvent>;
  close(): Promise<void>;
}
