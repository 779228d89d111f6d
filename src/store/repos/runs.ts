/** Runs: params, tags, metric series, inputs, artifacts, status, parent/child. */
import { ConflictError, NotFoundError, ValidationError, assertRelativePath, newId } from '../../core/index.js';
import type { InputRole, Run, RunRepo, RunStatus, WriteContext } from '../contract.js';
import { metricFromDb } from '../rows.js';
import { searchRuns } from '../search/run-search.js';
import type { StoreContext } from '../store-context.js';
import { assertName, checkContext, checkCount, checkDigest, checkId, checkKeyValues, checkTime } from '../validate.js';
import { metricHistoryBuckets, metricHistoryPage } from './metric-history.js';
import { checkMetricPoints, metricRows, writeMetricRows } from './metrics-writer.js';
import { hydrateRuns, loadRun, loadRunRow, loadWritableRunRow } from './run-loader.js';

const END_STATUSES: ReadonlySet<string> = new Set(['finished', 'failed', 'killed']);
const ROLES: ReadonlySet<string> = new Set(['train', 'validation', 'test', 'input']);

function checkGitCommit(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !/^[0-9a-f]{7,64}$/.test(value))
    throw ValidationError({ field: 'gitCommit', problem: 'must be a hex commit id (7-64 characters)' });
  return value;
}

/** The run repository over the shared store context. */
export function runRepo(s: StoreContext): RunRepo {
  /** Soft delete or restore: `run.deleted` / `run.restored` when the flag changes, nothing when it does not. */
  const setDeleted = async (runId: string, deleted: boolean, ctx: WriteContext): Promise<void> => {
    checkContext(ctx);
    await s.write(deleted ? 'runs.delete' : 'runs.restore', async (trx) => {
      const row = await loadRunRow(trx, runId);
      if ((row.deleted === 1) === deleted) return;
      await trx
        .updateTable('runs')
        .set({ deleted: deleted ? 1 : 0 })
        .where('id', '=', runId)
        .execute();
      await s.appendEvent(trx, ctx, {
        type: deleted ? 'run.deleted' : 'run.restored',
        subjectKind: 'run',
        subjectId: runId,
        payload: { experimentId: row.experiment_id },
      });
    });
  };

  return {
    async create(input, ctx) {
      checkContext(ctx);
      checkId(input.experimentId, 'experimentId');
      if (input.name !== undefined) assertName(input.name, 'run name');
      if (input.parentRunId !== undefined) checkId(input.parentRunId, 'parentRunId');
      const gitCommit = checkGitCommit(input.gitCommit);
      if (input.gitDirty !== undefined && input.gitDirty !== null && typeof input.gitDirty !== 'boolean')
        throw ValidationError({ field: 'gitDirty', problem: 'must be true, false or null' });
      const params = checkKeyValues(input.params, 'params');
      const tags = checkKeyValues(input.tags, 'tags');
      const startTime = input.startTime === undefined ? s.clock.now() : checkTime(input.startTime, 'startTime');
      const id = newId(s.clock);
      return s.write('runs.create', async (trx) => {
        const experiment = await trx
          .selectFrom('experiments')
          .select(['id', 'deleted'])
          .where('id', '=', input.experimentId)
          .executeTakeFirst();
        if (experiment === undefined) throw NotFoundError({ entity: 'experiment', key: input.experimentId });
        if (input.parentRunId !== undefined) {
          const parent = await trx.selectFrom('runs').select('id').where('id', '=', input.parentRunId).executeTakeFirst();
          if (parent === undefined) throw NotFoundError({ entity: 'parent run', key: input.parentRunId });
        }
        const row = {
          id,
          experiment_id: input.experimentId,
          name: input.name ?? null,
          status: 'running',
          start_time: startTime,
          end_time: null,
          parent_run_id: input.parentRunId ?? null,
          git_commit: gitCommit,
          git_dirty: input.gitDirty === undefined || input.gitDirty === null ? null : input.gitDirty ? 1 : 0,
          deleted: 0,
        };
        await trx.insertInto('runs').values(row).execute();
        // experiment_id and start_time are copied into params and tags for search (see migration 0001).
        const copy = { experiment_id: row.experiment_id, start_time: startTime };
        if (params.length > 0)
          await trx
            .insertInto('run_params')
            .values(params.map(([key, value]) => ({ run_id: id, key, value, ...copy })))
            .execute();
        if (tags.length > 0)
          await trx
            .insertInto('run_tags')
            .values(tags.map(([key, value]) => ({ run_id: id, key, value, ...copy })))
            .execute();
        await s.appendEvent(trx, ctx, {
          type: 'run.created',
          subjectKind: 'run',
          subjectId: id,
          payload: {
            experimentId: input.experimentId,
            name: row.name,
            parentRunId: row.parent_run_id,
            gitCommit,
            gitDirty: input.gitDirty ?? null,
          },
        });
        return (await hydrateRuns(trx, [row]))[0] as Run;
      });
    },

    get: (id) => loadRun(s.db, id),

    async logParams(runId, params, ctx) {
      checkContext(ctx);
      const entries = checkKeyValues(params, 'params');
      if (entries.length === 0) return;
      await s.write('runs.logParams', async (trx) => {
        const run = await loadWritableRunRow(trx, runId, 'logging params');
        const existing = await trx
          .selectFrom('run_params')
          .select(['key', 'value'])
          .where('run_id', '=', runId)
          .where(
            'key',
            'in',
            entries.map(([k]) => k),
          )
          .execute();
        const known = new Map(existing.map((p) => [p.key, p.value]));
        for (const [key, value] of entries) {
          const old = known.get(key);
          if (old !== undefined && old !== value)
            throw ConflictError({
              entity: 'run param',
              key: `${runId}/${key}`,
              reason: `params are immutable; it was logged as ${JSON.stringify(old)}, not ${JSON.stringify(value)}`,
            });
        }
        const fresh = entries.filter(([key]) => !known.has(key));
        if (fresh.length === 0) return;
        await trx
          .insertInto('run_params')
          .values(
            fresh.map(([key, value]) => ({ run_id: runId, key, value, experiment_id: run.experiment_id, start_time: run.start_time })),
          )
          .execute();
        await s.appendEvent(trx, ctx, {
          type: 'run.params_logged',
          subjectKind: 'run',
          subjectId: runId,
          payload: { params: Object.fromEntries(fresh) },
        });
      });
    },

    async setTags(runId, tags, ctx) {
      checkContext(ctx);
      const entries = checkKeyValues(tags, 'tags');
      if (entries.length === 0) return;
      await s.write('runs.setTags', async (trx) => {
        const run = await loadWritableRunRow(trx, runId, 'setting tags');
        for (const [key, value] of entries) {
          await trx
            .insertInto('run_tags')
            .values({ run_id: runId, key, value, experiment_id: run.experiment_id, start_time: run.start_time })
            .onConflict((oc) => oc.columns(['run_id', 'key']).doUpdateSet({ value }))
            .execute();
        }
        await s.appendEvent(trx, ctx, {
          type: 'run.tagged',
          subjectKind: 'run',
          subjectId: runId,
          payload: { tags: Object.fromEntries(entries) },
        });
      });
    },

    async logMetrics(runId, points) {
      checkId(runId, 'runId');
      checkMetricPoints(points);
      if (points.length === 0) return;
      const rows = metricRows(runId, points);
      await s.write(
        'runs.logMetrics',
        async (trx) => {
          const run = await loadWritableRunRow(trx, runId, 'logging metrics');
          await writeMetricRows(trx, run.experiment_id, rows);
        },
        { noEvents: true },
      );
    },

    async metricHistory(runId, key) {
      await loadRunRow(s.db, runId);
      const rows = await s.db
        .selectFrom('metrics')
        .select(['key', 'value', 'step', 'timestamp'])
        .where('run_id', '=', runId)
        .where('key', '=', key)
        .orderBy('step')
        .orderBy('timestamp')
        .execute();
      return rows.map((r) => ({ key: r.key, value: metricFromDb(r.value), step: Number(r.step), timestamp: Number(r.timestamp) }));
    },

    metricHistoryPage: (runId, key, query) => metricHistoryPage(s, runId, key, query),
    metricHistoryBuckets: (runId, key, buckets) => metricHistoryBuckets(s, runId, key, buckets),

    async addInputs(runId, inputs, ctx) {
      checkContext(ctx);
      if (!Array.isArray(inputs)) throw ValidationError({ field: 'inputs', problem: 'must be an array' });
      inputs.forEach((input, i) => {
        checkId(input.datasetVersionId, `inputs[${i}].datasetVersionId`);
        if (!ROLES.has(input.role))
          throw ValidationError({ field: `inputs[${i}].role`, problem: `must be one of ${[...ROLES].join(', ')}` });
      });
      if (inputs.length === 0) return;
      await s.write('runs.addInputs', async (trx) => {
        await loadWritableRunRow(trx, runId, 'adding inputs');
        const ids = [...new Set(inputs.map((i) => i.datasetVersionId))];
        const versions = await trx
          .selectFrom('dataset_versions as v')
          .innerJoin('datasets as d', 'd.id', 'v.dataset_id')
          .select(['v.id', 'v.version', 'd.name'])
          .where('v.id', 'in', ids)
          .execute();
        const byId = new Map(versions.map((v) => [v.id, v]));
        const missing = ids.find((id) => !byId.has(id));
        if (missing !== undefined) throw NotFoundError({ entity: 'dataset version', key: missing });
        await trx
          .insertInto('run_inputs')
          .values(inputs.map((i) => ({ run_id: runId, dataset_version_id: i.datasetVersionId, role: i.role })))
          .onConflict((oc) => oc.doNothing())
          .execute();
        await s.appendEvent(trx, ctx, {
          type: 'run.inputs_added',
          subjectKind: 'run',
          subjectId: runId,
          payload: {
            inputs: inputs.map((i) => {
              const v = byId.get(i.datasetVersionId);
              return {
                datasetVersionId: i.datasetVersionId,
                datasetName: v?.name ?? '',
                version: Number(v?.version),
                role: i.role as InputRole,
              };
            }),
          },
        });
      });
    },

    async logArtifact(runId, artifact, ctx) {
      checkContext(ctx);
      const path = assertRelativePath(artifact.path, 'artifact path');
      const digest = checkDigest(artifact.digest, 'artifact digest');
      const size = checkCount(artifact.size, 'artifact size');
      await s.write('runs.logArtifact', async (trx) => {
        await loadWritableRunRow(trx, runId, 'logging an artifact');
        const previous = await trx
          .selectFrom('run_artifacts')
          .select('digest')
          .where('run_id', '=', runId)
          .where('path', '=', path)
          .executeTakeFirst();
        await trx
          .insertInto('run_artifacts')
          .values({ run_id: runId, path, digest, size })
          .onConflict((oc) => oc.columns(['run_id', 'path']).doUpdateSet({ digest, size }))
          .execute();
        await s.appendEvent(trx, ctx, {
          type: 'run.artifact_logged',
          subjectKind: 'run',
          subjectId: runId,
          payload: { path, digest, size, previousDigest: previous?.digest ?? null },
        });
      });
    },

    async listArtifacts(runId) {
      await loadRunRow(s.db, runId);
      const rows = await s.db
        .selectFrom('run_artifacts')
        .select(['path', 'digest', 'size'])
        .where('run_id', '=', runId)
        .orderBy('path')
        .execute();
      return rows.map((r) => ({ path: r.path, digest: r.digest, size: Number(r.size) }));
    },

    async end(runId, status, ctx, endTime) {
      checkContext(ctx);
      if (!END_STATUSES.has(status)) throw ValidationError({ field: 'status', problem: 'must be finished, failed or killed' });
      const end = endTime === undefined ? s.clock.now() : checkTime(endTime, 'endTime');
      return s.write('runs.end', async (trx) => {
        const row = await loadWritableRunRow(trx, runId, 'ending it');
        if (row.status !== 'running')
          throw ConflictError({ entity: 'run', key: runId, reason: `it already ended with status ${row.status}` });
        await trx.updateTable('runs').set({ status, end_time: end }).where('id', '=', runId).execute();
        await s.appendEvent(trx, ctx, {
          type: 'run.ended',
          subjectKind: 'run',
          subjectId: runId,
          payload: {
            experimentId: row.experiment_id,
            status,
            startTime: Number(row.start_time),
            endTime: end,
            durationMs: end - Number(row.start_time),
          },
        });
        return loadRun(trx, runId);
      });
    },

    delete: (runId, ctx) => setDeleted(runId, true, ctx),

    restore: (runId, ctx) => setDeleted(runId, false, ctx),

    search: (query) => searchRuns(s, query),

    async children(runId) {
      await loadRunRow(s.db, runId);
      const rows = await s.db
        .selectFrom('runs')
        .selectAll()
        .where('parent_run_id', '=', runId)
        .orderBy('start_time')
        .orderBy('id')
        .execute();
      return hydrateRuns(s.db, rows);
    },

    async countByStatus(options = {}) {
      const experimentIds = (options.experimentIds ?? []).map((id, i) => checkId(id, `experimentIds[${i}]`));
      let query = s.db
        .selectFrom('runs')
        .select('status')
        .select((eb) => eb.fn.countAll().as('n'))
        .groupBy('status');
      if (experimentIds.length > 0) query = query.where('experiment_id', 'in', experimentIds);
      if (!options.includeDeleted) {
        query = query
          .where('deleted', '=', 0)
          .where('experiment_id', 'not in', (eb) => eb.selectFrom('experiments').select('id').where('deleted', '=', 1));
      }
      const counts: Record<RunStatus, number> = { running: 0, finished: 0, failed: 0, killed: 0 };
      for (const row of await query.execute()) if (row.status in counts) counts[row.status as RunStatus] = Number(row.n);
      return counts;
    },
  };
}
