/**
 * The metadata store contract: the repository interfaces over the domain objects of `domain.ts`, and the one
 * interface both SQL backends (SQLite, PostgreSQL) implement. Timestamps are milliseconds since the Unix epoch.
 * Every mutating method takes a {@link WriteContext} and appends its {@link StoredEvent} in the same
 * transaction, so the event log can never miss or invent a state change.
 */
import type { JsonObject } from '../core/index.js';
import type {
  AddDatasetVersionInput,
  CreateJobInput,
  ApiToken,
  CreateModelVersionInput,
  CreateRunInput,
  Dataset,
  DatasetLineage,
  DatasetVersion,
  EventQuery,
  EventType,
  Experiment,
  InputRole,
  JobQuery,
  JobRecord,
  JobStatus,
  JobUpdate,
  MetricPoint,
  Model,
  ModelLineage,
  ModelVersion,
  Role,
  Run,
  RunArtifact,
  RunPage,
  RunSearch,
  RunStatus,
  StoredEvent,
  SubjectKind,
  VersionRef,
  WriteContext,
} from './domain.js';

export * from './domain.js';

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
  /** Queues a job; the actor is recorded as its submitter. @throws MLP_STORE_NOT_FOUND for an unknown parent. */
  create(input: CreateJobInput, ctx: WriteContext): Promise<JobRecord>;
  get(id: string): Promise<JobRecord>;
  list(options?: JobQuery): Promise<JobRecord[]>;
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
  /** Marks a job and its unfinished descendants for cancellation; queued ones are cancelled at once. */
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
