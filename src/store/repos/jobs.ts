/** Job records for the job runners (worker threads, pg-boss): status, progress, result, ownership. */
import type { Kysely } from 'kysely';

import { NotFoundError, ValidationError, newId } from '../../core/index.js';
import { JOB_STATUSES } from '../contract.js';
import type { JobExpectation, JobRecord, JobRepo, JobStatus, JobUpdate, WriteContext } from '../contract.js';
import type { Database, JobsTable } from '../db-schema.js';
import { jobFromRow } from '../rows.js';
import type { StoreContext } from '../store-context.js';
import { checkContext, checkCount, checkId, checkTime, checkValue, toJson } from '../validate.js';

const STATUSES: ReadonlySet<string> = new Set(JOB_STATUSES);
const FINAL: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled']);

function checkStatus(status: unknown, field: string): JobStatus {
  if (typeof status !== 'string' || !STATUSES.has(status))
    throw ValidationError({ field, problem: `must be one of ${[...STATUSES].join(', ')}` });
  return status as JobStatus;
}

/** Validates an update and turns it into column values. */
function columns(changes: JobUpdate): Partial<JobsTable> {
  const out: Partial<JobsTable> = {};
  if (changes.status !== undefined) out.status = checkStatus(changes.status, 'status');
  if (changes.progress !== undefined) {
    if (typeof changes.progress !== 'number' || !(changes.progress >= 0 && changes.progress <= 1))
      throw ValidationError({ field: 'progress', problem: 'must be a number from 0 to 1' });
    out.progress = changes.progress;
  }
  if (changes.progressMessage !== undefined)
    out.progress_message = changes.progressMessage === null ? null : checkValue(changes.progressMessage, 'progressMessage', 2000);
  if (changes.result !== undefined) out.result_json = changes.result === null ? null : toJson(changes.result, 'result');
  if (changes.error !== undefined) {
    if (changes.error !== null && (typeof changes.error.code !== 'string' || typeof changes.error.message !== 'string'))
      throw ValidationError({ field: 'error', problem: 'must be { code, message } or null' });
    out.error_json = changes.error === null ? null : JSON.stringify({ code: changes.error.code, message: changes.error.message });
  }
  if (changes.attempts !== undefined) out.attempts = checkCount(changes.attempts, 'attempts');
  if (changes.workerId !== undefined) out.worker_id = changes.workerId === null ? null : checkValue(changes.workerId, 'workerId', 256);
  if (changes.startedAt !== undefined) out.started_at = changes.startedAt === null ? null : checkTime(changes.startedAt, 'startedAt');
  if (changes.finishedAt !== undefined) out.finished_at = changes.finishedAt === null ? null : checkTime(changes.finishedAt, 'finishedAt');
  return out;
}

async function loadJob(q: Kysely<Database>, id: string): Promise<JobsTable> {
  const row = await q.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw NotFoundError({ entity: 'job', key: id, hint: 'list jobs with `mlpilot jobs list`' });
  return row;
}

function matches(row: JobsTable, expected: JobExpectation): boolean {
  if (expected.status !== undefined) {
    const statuses = Array.isArray(expected.status) ? expected.status : [expected.status];
    if (!statuses.includes(row.status as JobStatus)) return false;
  }
  if (expected.attempts !== undefined && Number(row.attempts) !== expected.attempts) return false;
  if (expected.workerId !== undefined && row.worker_id !== expected.workerId) return false;
  if (expected.cancelRequested !== undefined && (row.cancel_requested === 1) !== expected.cancelRequested) return false;
  return true;
}

/** The job repository over the shared store context. */
export function jobRepo(s: StoreContext): JobRepo {
  /** Applies validated columns and appends transition events; `before` is the row read in the same transaction. */
  const apply = async (trx: Kysely<Database>, before: JobsTable, set: Partial<JobsTable>, ctx?: WriteContext): Promise<JobRecord> => {
    if (Object.keys(set).length > 0) await trx.updateTable('jobs').set(set).where('id', '=', before.id).execute();
    const after = { ...before, ...set };
    const actor: WriteContext = ctx ?? { actor: after.worker_id !== null ? `worker:${after.worker_id}` : 'system' };
    if (after.status !== before.status) {
      if (after.status === 'running') {
        await s.appendEvent(trx, actor, {
          type: 'job.started',
          subjectKind: 'job',
          subjectId: before.id,
          payload: { type: before.type, attempts: Number(after.attempts), workerId: after.worker_id },
        });
      } else if (FINAL.has(after.status)) {
        const error = after.error_json === null ? null : (JSON.parse(after.error_json) as { code: string });
        await s.appendEvent(trx, actor, {
          type: 'job.finished',
          subjectKind: 'job',
          subjectId: before.id,
          payload: {
            type: before.type,
            status: after.status,
            attempts: Number(after.attempts),
            errorCode: error?.code ?? null,
            durationMs:
              after.started_at === null || after.finished_at === null ? null : Number(after.finished_at) - Number(after.started_at),
          },
        });
      }
    }
    return jobFromRow(after);
  };

  return {
    async create(input, ctx) {
      checkContext(ctx);
      const id = input.id === undefined ? newId(s.clock) : checkId(input.id, 'id');
      checkValue(input.type, 'type', 128);
      if (input.type.length === 0) throw ValidationError({ field: 'type', problem: 'must not be empty' });
      const parentId = input.parentId === undefined ? null : checkId(input.parentId, 'parentId');
      const group = input.group === undefined ? null : checkValue(input.group, 'group', 256);
      const row: JobsTable = {
        id,
        type: input.type,
        payload_json: toJson(input.payload, 'payload'),
        status: 'queued',
        progress: 0,
        progress_message: null,
        result_json: null,
        error_json: null,
        attempts: 0,
        cancel_requested: 0,
        worker_id: null,
        created_at: s.clock.now(),
        started_at: null,
        finished_at: null,
        parent_id: parentId,
        job_group: group,
        submitted_by: ctx.actor,
      };
      return s.write('jobs.create', async (trx) => {
        if (parentId !== null) await loadJob(trx, parentId);
        await trx.insertInto('jobs').values(row).execute();
        await s.appendEvent(trx, ctx, {
          type: 'job.submitted',
          subjectKind: 'job',
          subjectId: id,
          payload: { type: input.type, ...(parentId === null ? {} : { parentId }), ...(group === null ? {} : { group }) },
        });
        return jobFromRow(row);
      });
    },

    get: async (id) => jobFromRow(await loadJob(s.db, id)),

    async list(options = {}) {
      const limit = options.limit ?? 100;
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
        throw ValidationError({ field: 'limit', problem: 'must be an integer from 1 to 10000' });
      let q = s.db.selectFrom('jobs').selectAll();
      if (options.status !== undefined && options.status.length > 0)
        q = q.where(
          'status',
          'in',
          options.status.map((x, i) => checkStatus(x, `status[${i}]`)),
        );
      if (options.type !== undefined) q = q.where('type', '=', options.type);
      if (options.parentId !== undefined) q = q.where('parent_id', '=', checkId(options.parentId, 'parentId'));
      if (options.group !== undefined) q = q.where('job_group', '=', options.group);
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(jobFromRow);
    },

    async counts(options = {}) {
      let q = s.db
        .selectFrom('jobs')
        .select(['type', 'status'])
        .select((eb) => eb.fn.countAll().as('n'))
        .groupBy(['type', 'status']);
      if (options.status !== undefined && options.status.length > 0)
        q = q.where(
          'status',
          'in',
          options.status.map((x, i) => checkStatus(x, `status[${i}]`)),
        );
      if (options.type !== undefined) q = q.where('type', '=', options.type);
      const rows = await q.orderBy('type').orderBy('status').execute();
      return rows.map((r) => ({ type: r.type, status: r.status as JobStatus, count: Number(r.n) }));
    },

    async update(id, changes) {
      const set = columns(changes);
      return s.write('jobs.update', async (trx) => apply(trx, await loadJob(trx, id), set));
    },

    async updateIf(id, expected, changes) {
      if (expected.status !== undefined)
        (Array.isArray(expected.status) ? expected.status : [expected.status]).forEach((x) => checkStatus(x, 'expected.status'));
      const set = columns(changes);
      // The row is read and written inside one write transaction (BEGIN IMMEDIATE / the event-log lock),
      // so no other writer can change it between the check and the update.
      return s.write('jobs.updateIf', async (trx) => {
        const before = await loadJob(trx, id);
        if (!matches(before, expected)) return undefined;
        return apply(trx, before, set);
      });
    },

    async requestCancel(id, ctx) {
      checkContext(ctx);
      return s.write('jobs.requestCancel', async (trx) => {
        const cancel = async (before: JobsTable): Promise<JobRecord> => {
          if (FINAL.has(before.status)) return jobFromRow(before);
          if (before.cancel_requested === 0) {
            await s.appendEvent(trx, ctx, {
              type: 'job.cancel_requested',
              subjectKind: 'job',
              subjectId: before.id,
              payload: { type: before.type, status: before.status },
            });
          }
          const set: Partial<JobsTable> = { cancel_requested: 1 };
          if (before.status === 'queued') Object.assign(set, { status: 'cancelled', finished_at: s.clock.now() });
          return apply(trx, before, set, ctx);
        };
        const record = await cancel(await loadJob(trx, id));
        // A cancelled job takes every unfinished job it fanned out with it, down the whole tree.
        let parents = [id];
        while (parents.length > 0) {
          const children = await trx
            .selectFrom('jobs')
            .selectAll()
            .where('parent_id', 'in', parents)
            .where('status', 'in', ['queued', 'running'])
            .execute();
          for (const child of children) await cancel(child);
          parents = children.map((child) => child.id);
        }
        return record;
      });
    },
  };
}
