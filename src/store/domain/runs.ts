/** Runs: params, metric series, tags, inputs, artifacts and status. Timestamps are milliseconds since the Unix epoch. */
import type { RunSearch } from './run-search.js';
import type { WriteContext } from './write-context.js';

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

/** Paging of a metric history: points per page and where the previous page stopped. */
export interface MetricHistoryQuery {
  /** Points per page, 1 to {@link MAX_HISTORY_PAGE} (default {@link DEFAULT_HISTORY_PAGE}). */
  maxResults?: number;
  /** The `nextPageToken` of the previous page, unchanged. */
  pageToken?: string;
}

/** Default points per metric-history page. */
export const DEFAULT_HISTORY_PAGE = 10_000;
/** Most points per metric-history page. */
export const MAX_HISTORY_PAGE = 25_000;
/** Most buckets of a downsampled metric history. */
export const MAX_HISTORY_BUCKETS = 5_000;

/** One page of a metric history, ordered by step then timestamp. */
export interface MetricHistoryPage {
  points: MetricPoint[];
  /** Pass back to get the next page; null on the last page. */
  nextPageToken: string | null;
}

/**
 * The points of one step bucket of a downsampled metric history. NaN points count in `count` and may be the last
 * value; `min` and `max` ignore them (NaN when every point of the bucket is NaN). ±Infinity counts like any value.
 */
export interface MetricBucket {
  /** Lowest and highest step of the bucket's points. */
  firstStep: number;
  lastStep: number;
  /** The last point of the bucket (highest step, then latest timestamp): its value and timestamp. */
  value: number;
  timestamp: number;
  min: number;
  max: number;
  /** Points in the bucket. */
  count: number;
}

/** One page of a run search. */
export interface RunPage {
  runs: Run[];
  nextPageToken: string | null;
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
  /** Every point of one metric, ordered by step then timestamp (all in memory: prefer {@link metricHistoryPage}). */
  metricHistory(runId: string, key: string): Promise<MetricPoint[]>;
  /**
   * One page of a metric's points, ordered by step then timestamp. Keyset paging: a page costs the same wherever it
   * starts, and points logged after the page was read show up on later pages when they sort after it.
   * @throws MLP_STORE_NOT_FOUND (run), MLP_CORE_VALIDATION (maxResults), MLP_STORE_INVALID_PAGE_TOKEN.
   */
  metricHistoryPage(runId: string, key: string, query?: MetricHistoryQuery): Promise<MetricHistoryPage>;
  /**
   * The metric downsampled in SQL: the step range [first, last] logged is cut into `buckets` equal step ranges
   * (point with step s goes to bucket ⌊(s − first) · buckets / (last − first + 1)⌋) and each non-empty one is
   * answered with its last value, min, max and count, by ascending step. Empty for a metric with no points.
   * @throws MLP_STORE_NOT_FOUND (run), MLP_CORE_VALIDATION (buckets not an integer from 1 to {@link MAX_HISTORY_BUCKETS}).
   */
  metricHistoryBuckets(runId: string, key: string, buckets: number): Promise<MetricBucket[]>;
  addInputs(runId: string, inputs: ReadonlyArray<{ datasetVersionId: string; role: InputRole }>, ctx: WriteContext): Promise<void>;
  logArtifact(runId: string, artifact: RunArtifact, ctx: WriteContext): Promise<void>;
  listArtifacts(runId: string): Promise<RunArtifact[]>;
  /**
   * Ends a running run. @throws MLP_STORE_CONFLICT when it already ended.
   *
   * Run states and writes, as in MLflow: an ended run (finished, failed, killed) still takes params, tags, metrics,
   * inputs, artifacts and registration as a model version (evaluations logged after training); a deleted run takes
   * none of these, nor `end` — each throws MLP_STORE_RUN_DELETED — until it is restored.
   */
  end(runId: string, status: Exclude<RunStatus, 'running'>, ctx: WriteContext, endTime?: number): Promise<Run>;
  /** Soft delete (a no-op for a deleted run): the run leaves searches and takes no writes until restored. */
  delete(runId: string, ctx: WriteContext): Promise<void>;
  /** Undoes a soft delete, recorded as `run.restored` (a no-op for a run that is not deleted). @throws MLP_STORE_NOT_FOUND */
  restore(runId: string, ctx: WriteContext): Promise<void>;
  search(query: RunSearch): Promise<RunPage>;
  children(runId: string): Promise<Run[]>;
  /**
   * Runs per status, counted in SQL (every status present, 0 when none). Like search, deleted runs and runs of
   * deleted experiments are left out unless `includeDeleted`; `experimentIds` restricts to those experiments.
   */
  countByStatus(options?: { experimentIds?: readonly string[]; includeDeleted?: boolean }): Promise<Record<RunStatus, number>>;
}
