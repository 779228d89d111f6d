/**
 * The `monitor` store extension: ingested predictions, labels that arrive later (joined by prediction id when
 * read), and per-model ingestion counters. Part of the product: the workspace always opens the store with it.
 * Telemetry is not a state change of a domain object, so ingestion writes no events; the counters account for
 * every row taken, refused or dropped.
 */
import { sql } from 'kysely';

import { newId } from '../../core/index.js';
import { defineStoreExtension } from '../../store/index.js';
import type { ExtensionContext } from '../../store/index.js';
import { monitorMigrations } from './store-tables.js';
import type { MonitorTables } from './store-tables.js';

export type { MonitorTables } from './store-tables.js';

/** The counters kept per model. */
export const INGEST_COUNTERS = Object.freeze([
  'accepted',
  'duplicates',
  'sampledOut',
  'rejected',
  'droppedBackpressure',
  'labelsAccepted',
  'labelsSampledOut',
  'labelsRejected',
  'labelsDroppedBackpressure',
] as const);

/** One counter name of {@link INGEST_COUNTERS}. */
export type IngestCounter = (typeof INGEST_COUNTERS)[number];

/** Per-model counter values. */
export type IngestCounters = Record<IngestCounter, number>;

/** A validated prediction ready to store. */
export interface PredictionRecord {
  readonly model: string;
  readonly modelVersion: number | null;
  readonly predictionId: string;
  /** ms since the epoch (UTC). */
  readonly timestamp: number;
  /** JSON text of the inputs object. */
  readonly inputs: string;
  /** JSON text of the outputs. */
  readonly outputs: string;
}

/** A validated label ready to store. */
export interface LabelRecord {
  readonly model: string;
  readonly predictionId: string;
  /** JSON text of the label. */
  readonly label: string;
  readonly timestamp: number;
}

/** One stored prediction with its label, if any, as read back for a window. */
export interface StoredPredictionRow {
  readonly predictionId: string;
  readonly modelVersion: number | null;
  readonly timestamp: number;
  readonly inputs: string;
  readonly outputs: string;
  /** JSON text of the joined label, or null when none has arrived. */
  readonly label: string | null;
}

/** What one batched write stored. */
export interface BatchWriteResult {
  /** `model \u0000 predictionId` of every prediction this write inserted (absent ones were already stored). */
  readonly inserted: ReadonlySet<string>;
}

/** The key of a prediction in {@link BatchWriteResult.inserted}. */
export function predictionKey(model: string, predictionId: string): string {
  return `${model}\u0000${predictionId}`;
}

/** Rows per INSERT statement: 8 parameters a row stays far below SQLite's and PostgreSQL's parameter limits. */
const INSERT_CHUNK = 200;

/** The repository of the `monitor` extension. */
export interface MonitorRepo {
  /**
   * Writes predictions (a prediction already stored under its model and prediction id is left as it is), upserts
   * labels (a later label for the same prediction replaces the earlier one) and adds counter deltas, all in one
   * transaction. Counters `accepted` and `duplicates` are computed here from what was actually inserted.
   */
  writeBatch(batch: {
    predictions: readonly PredictionRecord[];
    labels: readonly LabelRecord[];
    counters: ReadonlyMap<string, Partial<IngestCounters>>;
  }): Promise<BatchWriteResult>;
  /** The counters of `model` (zeros for a model never seen). */
  counters(model: string): Promise<IngestCounters>;
  /** Models with stored predictions or counters, with their prediction and label counts. */
  models(): Promise<Array<{ model: string; predictions: number; labels: number; orphanLabels: number }>>;
  /**
   * Deletes predictions with a timestamp before `beforeMs`, the labels of those predictions, and labels (joined or
   * not) with a timestamp before `beforeMs`.
   */
  prune(beforeMs: number): Promise<{ predictions: number; labels: number }>;
  /** Time range and count of `model`'s predictions in [from, to), or undefined bounds when there are none. */
  extent(model: string, range: { from?: number; to?: number }): Promise<{ first?: number; last?: number; count: number }>;
  /** Predictions and labelled predictions per bucket ⌊timestamp / widthMs⌋ of [from, to), ascending. */
  bucketCounts(
    model: string,
    widthMs: number,
    from: number,
    to: number,
  ): Promise<Array<{ bucket: number; count: number; labelled: number }>>;
  /**
   * Bounds of consecutive `size`-row windows of `model`'s predictions in [from, to) ordered by (timestamp,
   * prediction id): per window its first and last timestamps, its row count and labelled count.
   */
  rowWindows(
    model: string,
    size: number,
    range: { from?: number; to?: number },
  ): Promise<Array<{ index: number; first: number; last: number; count: number; labelled: number }>>;
  /**
   * Predictions of `model` with their labels in [from, to), ordered by (timestamp, prediction id), skipping `offset`,
   * at most `limit`.
   */
  readRows(model: string, options: { from?: number; to?: number; offset?: number; limit?: number }): Promise<StoredPredictionRow[]>;
  /** The artifact digest of a cached performance reference of a model version, or undefined. */
  reference(model: string, version: number, source: string): Promise<string | undefined>;
  /** Records (or replaces) the cached performance reference of a model version. */
  saveReference(model: string, version: number, source: string, digest: string): Promise<void>;
}

const zeroCounters = (): IngestCounters => Object.fromEntries(INGEST_COUNTERS.map((name) => [name, 0])) as IngestCounters;

function monitorRepo(ctx: ExtensionContext<MonitorTables>): MonitorRepo {
  return {
    async writeBatch(batch) {
      const now = ctx.clock.now();
      // One time-sortable id per transaction, suffixed with the row's position: unique without 16 random bytes a row.
      const batchId = newId(ctx.clock);
      return ctx.write('writeBatch', async (tx) => {
        const inserted = new Set<string>();
        for (let start = 0; start < batch.predictions.length; start += INSERT_CHUNK) {
          const chunk = batch.predictions.slice(start, start + INSERT_CHUNK);
          const rows = await tx.db
            .insertInto('monitor_predictions')
            .values(
              chunk.map((p, j) => ({
                id: `${batchId}-${start + j}`,
                model_name: p.model,
                model_version: p.modelVersion,
                prediction_id: p.predictionId,
                timestamp: p.timestamp,
                inputs: p.inputs,
                outputs: p.outputs,
                received_at: now,
              })),
            )
            .onConflict((oc) => oc.columns(['model_name', 'prediction_id']).doNothing())
            .returning(['model_name', 'prediction_id'])
            .execute();
          for (const row of rows) inserted.add(predictionKey(row.model_name, row.prediction_id));
        }
        for (let start = 0; start < batch.labels.length; start += INSERT_CHUNK) {
          // A batch may carry two labels of one prediction; the later one wins, as a later batch's would.
          const latest = new Map<string, LabelRecord>();
          for (const l of batch.labels.slice(start, start + INSERT_CHUNK)) latest.set(predictionKey(l.model, l.predictionId), l);
          await tx.db
            .insertInto('monitor_labels')
            .values(
              [...latest.values()].map((l) => ({
                model_name: l.model,
                prediction_id: l.predictionId,
                label: l.label,
                timestamp: l.timestamp,
                received_at: now,
              })),
            )
            .onConflict((oc) =>
              oc.columns(['model_name', 'prediction_id']).doUpdateSet({
                label: (eb) => eb.ref('excluded.label'),
                timestamp: (eb) => eb.ref('excluded.timestamp'),
                received_at: (eb) => eb.ref('excluded.received_at'),
              }),
            )
            .execute();
        }
        const deltas = new Map<string, Partial<Record<IngestCounter, number>>>();
        for (const [model, values] of batch.counters) deltas.set(model, { ...values });
        // A key the write inserted counts as accepted once; any other row of it (a resend in the same batch) is a duplicate.
        const unclaimed = new Set(inserted);
        for (const p of batch.predictions) {
          const d = deltas.get(p.model) ?? {};
          const name: IngestCounter = unclaimed.delete(predictionKey(p.model, p.predictionId)) ? 'accepted' : 'duplicates';
          d[name] = (d[name] ?? 0) + 1;
          deltas.set(p.model, d);
        }
        for (const l of batch.labels) {
          const d = deltas.get(l.model) ?? {};
          d.labelsAccepted = (d.labelsAccepted ?? 0) + 1;
          deltas.set(l.model, d);
        }
        const counterRows = [...deltas].flatMap(([model, values]) =>
          Object.entries(values)
            .filter(([, v]) => v !== undefined && v !== 0)
            .map(([name, value]) => ({ model_name: model, name, value: value as number })),
        );
        if (counterRows.length > 0) {
          await tx.db
            .insertInto('monitor_counters')
            .values(counterRows)
            .onConflict((oc) =>
              oc.columns(['model_name', 'name']).doUpdateSet({ value: sql<number>`monitor_counters.value + excluded.value` }),
            )
            .execute();
        }
        return { inserted };
      });
    },

    async counters(model) {
      const rows = await ctx.db.selectFrom('monitor_counters').select(['name', 'value']).where('model_name', '=', model).execute();
      const out = zeroCounters();
      for (const row of rows)
        if ((INGEST_COUNTERS as readonly string[]).includes(row.name)) out[row.name as IngestCounter] = Number(row.value);
      return out;
    },

    async models() {
      const predictions = await ctx.db
        .selectFrom('monitor_predictions')
        .select(['model_name', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('model_name')
        .execute();
      const labels = await sql<{ model_name: string; n: number; orphans: number }>`
        select l.model_name, count(*) as n,
          sum(case when p.prediction_id is null then 1 else 0 end) as orphans
        from monitor_labels l
        left join monitor_predictions p on p.model_name = l.model_name and p.prediction_id = l.prediction_id
        group by l.model_name`.execute(ctx.db);
      const counted = await ctx.db.selectFrom('monitor_counters').select('model_name').distinct().execute();
      const names = new Set([
        ...predictions.map((r) => r.model_name),
        ...labels.rows.map((r) => r.model_name),
        ...counted.map((r) => r.model_name),
      ]);
      return [...names].sort().map((model) => {
        const l = labels.rows.find((r) => r.model_name === model);
        return {
          model,
          predictions: Number(predictions.find((r) => r.model_name === model)?.n ?? 0),
          labels: Number(l?.n ?? 0),
          orphanLabels: Number(l?.orphans ?? 0),
        };
      });
    },

    async prune(beforeMs) {
      return ctx.write('prune', async (tx) => {
        const joined = await tx.db
          .deleteFrom('monitor_labels')
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('monitor_predictions as p')
                .select(sql<number>`1`.as('one'))
                .whereRef('p.model_name', '=', 'monitor_labels.model_name')
                .whereRef('p.prediction_id', '=', 'monitor_labels.prediction_id')
                .where('p.timestamp', '<', beforeMs),
            ),
          )
          .executeTakeFirst();
        const predictions = await tx.db.deleteFrom('monitor_predictions').where('timestamp', '<', beforeMs).executeTakeFirst();
        const old = await tx.db.deleteFrom('monitor_labels').where('timestamp', '<', beforeMs).executeTakeFirst();
        return {
          predictions: Number(predictions.numDeletedRows),
          labels: Number(joined.numDeletedRows) + Number(old.numDeletedRows),
        };
      });
    },

    async extent(model, r) {
      let query = ctx.db
        .selectFrom('monitor_predictions')
        .select((eb) => [eb.fn.min('timestamp').as('first'), eb.fn.max('timestamp').as('last'), eb.fn.countAll<number>().as('n')])
        .where('model_name', '=', model);
      if (r.from !== undefined) query = query.where('timestamp', '>=', r.from);
      if (r.to !== undefined) query = query.where('timestamp', '<', r.to);
      const row = await query.executeTakeFirstOrThrow();
      const count = Number(row.n);
      if (count === 0) return { count };
      return { first: Number(row.first), last: Number(row.last), count };
    },

    async bucketCounts(model, widthMs, from, to) {
      // The bucket is computed once in a subquery: a bound width appears as one parameter, so PostgreSQL can group by it.
      const result = await sql<{ bucket: number; n: number; labelled: number }>`
        select b.bucket, count(*) as n, sum(b.labelled) as labelled
        from (
          select p.timestamp / cast(${widthMs} as bigint) as bucket,
            case when l.prediction_id is null then 0 else 1 end as labelled
          from monitor_predictions p
          left join monitor_labels l on l.model_name = p.model_name and l.prediction_id = p.prediction_id
          where p.model_name = ${model} and p.timestamp >= ${from} and p.timestamp < ${to}
        ) b
        group by b.bucket
        order by b.bucket`.execute(ctx.db);
      return result.rows.map((r) => ({ bucket: Number(r.bucket), count: Number(r.n), labelled: Number(r.labelled) }));
    },

    async rowWindows(model, size, r) {
      const from = r.from ?? 0;
      const to = r.to ?? Number.MAX_SAFE_INTEGER;
      const result = await sql<{ w: number; first: number; last: number; n: number; labelled: number }>`
        select o.w, min(o.timestamp) as first, max(o.timestamp) as last, count(*) as n, sum(o.labelled) as labelled
        from (
          select r.timestamp, (r.rn - 1) / cast(${size} as bigint) as w, r.labelled
          from (
            select p.timestamp,
              row_number() over (order by p.timestamp, p.prediction_id) as rn,
              case when l.prediction_id is null then 0 else 1 end as labelled
            from monitor_predictions p
            left join monitor_labels l on l.model_name = p.model_name and l.prediction_id = p.prediction_id
            where p.model_name = ${model} and p.timestamp >= ${from} and p.timestamp < ${to}
          ) r
        ) o
        group by o.w
        order by o.w`.execute(ctx.db);
      return result.rows.map((row) => ({
        index: Number(row.w),
        first: Number(row.first),
        last: Number(row.last),
        count: Number(row.n),
        labelled: Number(row.labelled),
      }));
    },

    async readRows(model, options) {
      let query = ctx.db
        .selectFrom('monitor_predictions as p')
        .leftJoin('monitor_labels as l', (join) =>
          join.onRef('l.model_name', '=', 'p.model_name').onRef('l.prediction_id', '=', 'p.prediction_id'),
        )
        .select(['p.prediction_id', 'p.model_version', 'p.timestamp', 'p.inputs', 'p.outputs', 'l.label'])
        .where('p.model_name', '=', model);
      if (options.from !== undefined) query = query.where('p.timestamp', '>=', options.from);
      if (options.to !== undefined) query = query.where('p.timestamp', '<', options.to);
      query = query.orderBy('p.timestamp').orderBy('p.prediction_id');
      if (options.limit !== undefined) query = query.limit(options.limit);
      if (options.offset !== undefined && options.offset > 0) {
        // SQLite needs a LIMIT before OFFSET.
        if (options.limit === undefined) query = query.limit(Number.MAX_SAFE_INTEGER);
        query = query.offset(options.offset);
      }
      const rows = await query.execute();
      return rows.map((row) => ({
        predictionId: row.prediction_id,
        modelVersion: row.model_version === null ? null : Number(row.model_version),
        timestamp: Number(row.timestamp),
        inputs: row.inputs,
        outputs: row.outputs,
        label: row.label ?? null,
      }));
    },
    async reference(model, version, source) {
      const row = await ctx.db
        .selectFrom('monitor_references')
        .select('digest')
        .where('model_name', '=', model)
        .where('model_version', '=', version)
        .where('source', '=', source)
        .executeTakeFirst();
      return row?.digest;
    },
    async saveReference(model, version, source, digest) {
      const now = ctx.clock.now();
      await ctx.write('saveReference', async (tx) => {
        await tx.db
          .insertInto('monitor_references')
          .values({ model_name: model, model_version: version, source, digest, created_at: now })
          .onConflict((oc) =>
            oc.columns(['model_name', 'model_version', 'source']).doUpdateSet({
              digest: (eb) => eb.ref('excluded.digest'),
              created_at: (eb) => eb.ref('excluded.created_at'),
            }),
          )
          .execute();
      });
    },
  };
}

/** The `monitor` store extension (id permanent). */
export const monitorStore = defineStoreExtension({
  id: 'monitor',
  migrations: monitorMigrations,
  // The cached references are artifacts: GC keeps them while a row names them.
  artifactColumns: [{ table: 'monitor_references', column: 'digest' }],
  repository: (ctx: ExtensionContext<MonitorTables>) => monitorRepo(ctx),
});
