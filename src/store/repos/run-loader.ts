/** Loads runs with their params, tags, latest metrics and inputs: a fixed number of queries per page, never N+1. */
import type { Kysely } from 'kysely';

import { NotFoundError, RunDeletedError } from '../../core/index.js';
import type { InputRole, Run } from '../contract.js';
import type { Database, RunsTable } from '../db-schema.js';
import { metricFromDb, runFromRow } from '../rows.js';

const CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Fills params, tags, metrics and inputs of `rows`, keeping their order. */
export async function hydrateRuns(q: Kysely<Database>, rows: readonly RunsTable[]): Promise<Run[]> {
  const runs = rows.map(runFromRow);
  const byId = new Map(runs.map((run) => [run.id, run]));
  for (const ids of chunks([...byId.keys()], CHUNK)) {
    if (ids.length === 0) continue;
    const [params, tags, metrics, inputs] = await Promise.all([
      q.selectFrom('run_params').selectAll().where('run_id', 'in', ids).execute(),
      q.selectFrom('run_tags').selectAll().where('run_id', 'in', ids).execute(),
      q.selectFrom('latest_metrics').select(['run_id', 'key', 'value']).where('run_id', 'in', ids).execute(),
      q
        .selectFrom('run_inputs as i')
        .innerJoin('dataset_versions as v', 'v.id', 'i.dataset_version_id')
        .innerJoin('datasets as d', 'd.id', 'v.dataset_id')
        .select(['i.run_id', 'i.dataset_version_id', 'i.role', 'v.version', 'd.name'])
        .where('i.run_id', 'in', ids)
        .orderBy('d.name')
        .orderBy('v.version')
        .orderBy('i.role')
        .execute(),
    ]);
    for (const p of params) (byId.get(p.run_id) as Run).params[p.key] = p.value;
    for (const t of tags) (byId.get(t.run_id) as Run).tags[t.key] = t.value;
    for (const m of metrics) (byId.get(m.run_id) as Run).metrics[m.key] = metricFromDb(m.value);
    for (const i of inputs) {
      (byId.get(i.run_id) as Run).inputs.push({
        datasetVersionId: i.dataset_version_id,
        datasetName: i.name,
        version: Number(i.version),
        role: i.role as InputRole,
      });
    }
  }
  return runs;
}

/** Loads one run. @throws MLP_STORE_NOT_FOUND */
export async function loadRun(q: Kysely<Database>, id: string): Promise<Run> {
  const row = await q.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw NotFoundError({ entity: 'run', key: id, hint: 'search runs with `mlpilot runs search`' });
  return (await hydrateRuns(q, [row]))[0] as Run;
}

/** Loads a run row only (no children). @throws MLP_STORE_NOT_FOUND */
export async function loadRunRow(q: Kysely<Database>, id: string): Promise<RunsTable> {
  const row = await q.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw NotFoundError({ entity: 'run', key: id, hint: 'search runs with `mlpilot runs search`' });
  return row;
}

/**
 * Loads the row of a run that may be written to: any status (an ended run still takes params, metrics, tags,
 * inputs, artifacts and registration, as in MLflow), but not deleted.
 * @throws MLP_STORE_NOT_FOUND; MLP_STORE_RUN_DELETED naming `operation` (what was refused) when the run is deleted.
 */
export async function loadWritableRunRow(q: Kysely<Database>, id: string, operation: string): Promise<RunsTable> {
  const row = await loadRunRow(q, id);
  if (row.deleted === 1) throw RunDeletedError({ runId: id, operation });
  return row;
}
