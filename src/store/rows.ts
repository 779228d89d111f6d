/** Row → domain object mappers shared by the repositories. */
import type { JsonObject, JsonValue } from '../core/index.js';
import type {
  ApiToken,
  DatasetVersion,
  Experiment,
  JobRecord,
  JobStatus,
  ModelVersion,
  Role,
  Run,
  RunStatus,
  StoredEvent,
} from './contract.js';
import type {
  ApiTokensTable,
  DatasetVersionsTable,
  EventsTable,
  ExperimentsTable,
  JobsTable,
  ModelVersionsTable,
  RunsTable,
} from './db-schema.js';

/** Parses a JSON column. */
export function parseJson<T = JsonValue>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

/** Builds a record from key/value rows. */
export function toRecord(rows: ReadonlyArray<{ key: string; value: string }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of rows) out[row.key] = row.value;
  return out;
}

/** A metric value as stored (NaN is stored as NULL). */
export function metricFromDb(value: number | null): number {
  return value === null ? Number.NaN : value;
}

/** A metric value for storage: NaN becomes NULL, ±Infinity is kept. */
export function metricToDb(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

export function experimentFromRow(row: ExperimentsTable, tags: Record<string, string>): Experiment {
  return { id: row.id, name: row.name, description: row.description, tags, createdAt: Number(row.created_at), deleted: row.deleted === 1 };
}

/** A run without its params, tags, metrics and inputs (filled by the caller). */
export function runFromRow(row: RunsTable): Run {
  return {
    id: row.id,
    experimentId: row.experiment_id,
    name: row.name,
    status: row.status as RunStatus,
    startTime: Number(row.start_time),
    endTime: row.end_time === null ? null : Number(row.end_time),
    parentRunId: row.parent_run_id,
    gitCommit: row.git_commit,
    gitDirty: row.git_dirty === null ? null : row.git_dirty === 1,
    params: {},
    tags: {},
    metrics: {},
    inputs: [],
    deleted: row.deleted === 1,
  };
}

export function datasetVersionFromRow(row: DatasetVersionsTable & { dataset_name: string }): DatasetVersion {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    datasetName: row.dataset_name,
    version: Number(row.version),
    contentHash: row.content_hash,
    format: row.format,
    source: row.source,
    rowCount: Number(row.row_count),
    byteSize: Number(row.byte_size),
    schema: parseJson(row.schema_json),
    profile: parseJson(row.profile_json),
    artifactDigest: row.artifact_digest,
    createdAt: Number(row.created_at),
  };
}

export function modelVersionFromRow(
  row: ModelVersionsTable & { model_name: string },
  tags: Record<string, string>,
  aliases: string[],
): ModelVersion {
  return {
    id: row.id,
    modelId: row.model_id,
    modelName: row.model_name,
    version: Number(row.version),
    runId: row.run_id,
    bundleDigest: row.bundle_digest,
    signature: parseJson(row.signature_json),
    metrics: parseJson<Record<string, number>>(row.metrics_json) ?? {},
    description: row.description,
    tags,
    aliases: [...aliases].sort(),
    createdAt: Number(row.created_at),
  };
}

export function eventFromRow(row: Omit<EventsTable, 'seq'> & { seq: number }): StoredEvent {
  return {
    seq: Number(row.seq),
    id: row.id,
    type: row.type,
    subjectKind: row.subject_kind,
    subjectId: row.subject_id,
    actor: row.actor,
    timestamp: Number(row.timestamp),
    payload: parseJson<JsonObject>(row.payload_json) ?? {},
  };
}

export function tokenFromRow(row: ApiTokensTable): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    owner: row.owner,
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

export function jobFromRow(row: JobsTable): JobRecord {
  return {
    id: row.id,
    type: row.type,
    payload: parseJson(row.payload_json),
    status: row.status as JobStatus,
    progress: Number(row.progress),
    progressMessage: row.progress_message,
    result: parseJson(row.result_json),
    error: parseJson<{ code: string; message: string }>(row.error_json),
    attempts: Number(row.attempts),
    cancelRequested: row.cancel_requested === 1,
    workerId: row.worker_id,
    createdAt: Number(row.created_at),
    startedAt: row.started_at === null ? null : Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    parentId: row.parent_id,
    group: row.job_group,
    submittedBy: row.submitted_by,
  };
}
