/**
 * Reading long metric series without loading them whole: keyset pages over the `(run_id, key, step, timestamp)`
 * index, and step buckets aggregated in SQL (last value, min, max, count) for charts.
 */
import { sql } from 'kysely';

import { ValidationError } from '../../core/index.js';
import {
  DEFAULT_HISTORY_PAGE,
  MAX_HISTORY_BUCKETS,
  MAX_HISTORY_PAGE,
  type MetricBucket,
  type MetricHistoryPage,
  type MetricHistoryQuery,
} from '../contract.js';
import { metricFromDb } from '../rows.js';
import { decodeHistoryToken, encodeHistoryToken, queryDigest, type HistoryPosition } from '../search/page-token.js';
import type { StoreContext } from '../store-context.js';
import { assertKey, checkId } from '../validate.js';
import { loadRunRow } from './run-loader.js';

/**
 * One page of points by step then timestamp. A token holds the (step, timestamp) of the page's last point and how
 * many points at exactly that position were already answered (the table has no unique key: MLflow allows the same
 * key, step and timestamp twice), so the next page starts at that position and skips those.
 */
export async function metricHistoryPage(
  s: StoreContext,
  runId: string,
  key: string,
  query: MetricHistoryQuery = {},
): Promise<MetricHistoryPage> {
  checkId(runId, 'runId');
  assertKey(key, 'key');
  const maxResults = query.maxResults ?? DEFAULT_HISTORY_PAGE;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_HISTORY_PAGE)
    throw ValidationError({ field: 'maxResults', problem: `must be an integer from 1 to ${MAX_HISTORY_PAGE}` });
  const series = queryDigest({ metricHistory: [runId, key] });
  const from: HistoryPosition | undefined = query.pageToken === undefined ? undefined : decodeHistoryToken(query.pageToken, series);
  await loadRunRow(s.db, runId);
  let select = s.db.selectFrom('metrics').select(['key', 'value', 'step', 'timestamp']).where('run_id', '=', runId).where('key', '=', key);
  if (from !== undefined) {
    select = select.where((eb) =>
      eb.or([eb('step', '>', from.step), eb.and([eb('step', '=', from.step), eb('timestamp', '>=', from.timestamp)])]),
    );
  }
  const rows = await select
    .orderBy('step')
    .orderBy('timestamp')
    // Points at the same (step, timestamp) come in value order (each backend places NaN, stored as NULL, its own
    // fixed way), so `skip` counts the same points on every page; only sorting within such a group is extra work.
    .orderBy('value')
    .limit(maxResults + 1)
    .offset(from?.skip ?? 0)
    .execute();
  const points = rows
    .slice(0, maxResults)
    .map((r) => ({ key: r.key, value: metricFromDb(r.value), step: Number(r.step), timestamp: Number(r.timestamp) }));
  const last = points[points.length - 1];
  if (rows.length <= maxResults || last === undefined) return { points, nextPageToken: null };
  let skip = 0;
  for (let i = points.length - 1; i >= 0 && points[i]?.step === last.step && points[i]?.timestamp === last.timestamp; i--) skip++;
  if (from !== undefined && from.step === last.step && from.timestamp === last.timestamp) skip += from.skip;
  return { points, nextPageToken: encodeHistoryToken(series, { step: last.step, timestamp: last.timestamp, skip }) };
}

interface BucketRow {
  first_step: number | string;
  last_step: number | string;
  last_timestamp: number | string;
  last_value: number | null;
  min_value: number | null;
  max_value: number | null;
  n: number | string;
}

/** The series cut into `buckets` equal step ranges, aggregated in one SQL statement (see `RunRepo.metricHistoryBuckets`). */
export async function metricHistoryBuckets(s: StoreContext, runId: string, key: string, buckets: number): Promise<MetricBucket[]> {
  checkId(runId, 'runId');
  assertKey(key, 'key');
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > MAX_HISTORY_BUCKETS)
    throw ValidationError({ field: 'buckets', problem: `must be an integer from 1 to ${MAX_HISTORY_BUCKETS}` });
  await loadRunRow(s.db, runId);
  // (step − first) · buckets is formed in double precision: exact while it stays below 2^53, and an integer step
  // times 5,000 could overflow a bigint. NULL values are NaN points: min/max skip them, the last value may be one.
  const bucket = s.dialect.integerPart(
    sql`cast(p.step - b.lo as double precision) * ${sql.lit(buckets)} / cast(b.hi - b.lo + 1 as double precision)`,
  );
  const result = await sql<BucketRow>`
    with pts as (select step, timestamp, value from metrics where run_id = ${runId} and key = ${key}),
    b as (select min(step) as lo, max(step) as hi from pts),
    bucketed as (select p.step, p.timestamp, p.value, ${bucket} as bucket from pts p cross join b),
    ranked as (
      select step, timestamp, value, bucket,
             row_number() over (partition by bucket order by step desc, timestamp desc) as rn
        from bucketed
    )
    select min(step) as first_step, max(step) as last_step,
           max(case when rn = 1 then timestamp end) as last_timestamp,
           max(case when rn = 1 then value end) as last_value,
           min(value) as min_value, max(value) as max_value, count(*) as n
      from ranked group by bucket order by bucket`.execute(s.db);
  return result.rows.map((r) => ({
    firstStep: Number(r.first_step),
    lastStep: Number(r.last_step),
    value: metricFromDb(r.last_value),
    timestamp: Number(r.last_timestamp),
    min: metricFromDb(r.min_value),
    max: metricFromDb(r.max_value),
    count: Number(r.n),
  }));
}
