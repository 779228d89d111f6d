/**
 * `runWorker` in-process against PostgreSQL: the paths the two-process test does not take — cancelling
 * queued and running jobs, handler failures (no retry), an attempt that outlives its expiry until retries run
 * out (dead-letter queue → MLP_JOB_RETRIES_EXHAUSTED), and a graceful shutdown that hands a running job back.
 * PostgreSQL as in jobs-pgboss.test.ts (MLPILOT_TEST_PG_URL; skipped with a warning when unreachable outside CI).
 */
import { randomBytes } from 'node:crypto';

import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger, silentLogger, systemClock } from '../../src/core/index.js';
import { PgBossJobQueue, pgBossSchemaFor, runWorker } from '../../src/jobs/index.js';
import type { WorkerSummary } from '../../src/jobs/index.js';
import { openStore } from '../../src/store/index.js';
import type { JobRecord, Store } from '../../src/store/index.js';
import { dropSchemas, PG_BASE_URL, pgUrlWithSchema, requirePostgres, until } from '../fixtures/postgres.js';

const ctx = { actor: 'jobs-worker-test' };
const testHandlers = new URL('../fixtures/jobs/test-handlers.ts', import.meta.url).href;

const available = await requirePostgres('test/integration/jobs-pgboss-worker.test.ts');

describe.skipIf(!available)('runWorker against PostgreSQL', () => {
  const schema = `jobs_wt_${randomBytes(5).toString('hex')}`;
  const url = pgUrlWithSchema(schema);
  let store: Store;
  let queue: PgBossJobQueue;
  const running: Array<{ controller: AbortController; done: Promise<WorkerSummary> }> = [];

  const startWorker = (workerId: string): { controller: AbortController; done: Promise<WorkerSummary> } => {
    const controller = new AbortController();
    const done = runWorker({
      store,
      connectionString: url,
      concurrency: 2,
      workerId,
      clock: systemClock,
      logger: process.env.JOBS_DEBUG
        ? createLogger({ level: 'debug', write: (l) => process.stderr.write(l), now: () => Date.now() })
        : silentLogger,
      signal: controller.signal,
      handlerModules: [testHandlers],
      pollIntervalMs: 200,
      maintenanceIntervalSeconds: 1,
      recordPollMs: 200,
      shutdownGraceMs: 200,
    });
    const worker = { controller, done };
    running.push(worker);
    return worker;
  };

  beforeAll(async () => {
    store = await openStore({ url, clock: systemClock, logger: silentLogger });
    queue = await PgBossJobQueue.open({
      store,
      connectionString: url,
      clock: systemClock,
      logger: silentLogger,
      handlerModules: [testHandlers],
      expireInSeconds: 30,
      retryLimit: 2,
    });
  });

  afterAll(async () => {
    for (const worker of running) worker.controller.abort();
    await Promise.allSettled(running.map((worker) => worker.done));
    await queue?.close();
    await store?.close();
    await dropSchemas([schema, pgBossSchemaFor(url)]);
  });

  const settled = (id: string, timeoutMs = 20_000): Promise<JobRecord> =>
    until(`job ${id} to finish`, timeoutMs, async () => {
      const record = await store.jobs.get(id);
      return ['succeeded', 'failed', 'cancelled'].includes(record.status) ? record : undefined;
    });

  it('cancels queued and running jobs, fails a throwing handler without retry, and gives up on an attempt that keeps expiring', async () => {
    // Cancelled before any worker exists: the worker later receives it from pg-boss and must not run it.
    const early = await queue.submit('diag-work', { rounds: 10 }, undefined, ctx);
    expect((await queue.cancel(early.id, ctx)).status).toBe('cancelled');

    const worker = startWorker('wt-1');
    const longJob = await queue.submit('diag-work', { rounds: 100_000_000, bytes: 64, progressEvery: 1000 }, undefined, ctx);
    const failing = await queue.submit('test-fail', { message: 'bad input row 7' }, undefined, ctx);
    // Ignores its signal and outlives a 1 s expiry on every attempt (the worker terminates its thread 2 s
    // after the expiry, long before the 8 s loop ends); with retryLimit 1 it gets two attempts.
    const expiring = await queue.submit('test-stubborn', { ms: 8000 }, { expireInSeconds: 1, retryLimit: 1 }, ctx);

    await until('the long job to run', 20_000, async () => ((await store.jobs.get(longJob.id)).progress > 0 ? true : undefined));
    await queue.cancel(longJob.id, ctx);

    const [cancelled, failed, gaveUp] = await Promise.all([settled(longJob.id), settled(failing.id), settled(expiring.id, 40_000)]);
    expect(cancelled).toMatchObject({ status: 'cancelled', attempts: 1, workerId: 'wt-1', error: { code: 'MLP_JOB_CANCELLED' } });
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'MLP_JOB_FAILED', message: 'TypeError: bad input row 7' },
    });
    expect(gaveUp).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'MLP_JOB_RETRIES_EXHAUSTED' } });
    expect(await store.jobs.get(early.id)).toMatchObject({ status: 'cancelled', attempts: 0 });

    worker.controller.abort();
    const summary = await worker.done;
    // Both stubborn attempts were stopped at expiry and wrote nothing: "superseded" when the retry (or the
    // dead-letter handling) had taken the job over before the thread was terminated, else "interrupted".
    expect(summary).toMatchObject({ workerId: 'wt-1', cancelled: 1, failed: 1, succeeded: 0 });
    expect(summary.superseded + summary.interrupted).toBe(2);
  });

  it('hands a running job back on shutdown; the next worker runs it as attempt 2', async () => {
    for (const worker of running) worker.controller.abort();
    await Promise.allSettled(running.map((worker) => worker.done));
    const first = startWorker('wt-2');
    const job = await queue.submit('test-sleep', { ms: 1500 }, undefined, ctx);
    await until('the job to run on wt-2', 20_000, async () => ((await store.jobs.get(job.id)).status === 'running' ? true : undefined));
    first.controller.abort();
    const summary = await first.done;
    expect(summary.interrupted).toBe(1);
    expect(await store.jobs.get(job.id)).toMatchObject({ status: 'queued', attempts: 1, workerId: null });

    const second = startWorker('wt-3');
    const done = await settled(job.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, workerId: 'wt-3', result: { slept: 1500 } });
    second.controller.abort();
    expect(await second.done).toMatchObject({ succeeded: 1 });
  });

  it('drops a queue entry whose job is not in the store instead of retrying it', async () => {
    for (const worker of running) worker.controller.abort();
    await Promise.allSettled(running.map((worker) => worker.done));
    const boss = new PgBoss({ connectionString: PG_BASE_URL, schema: pgBossSchemaFor(url), supervise: false, schedule: false });
    await boss.start();
    try {
      const bossId = await boss.send('diag-work', { jobId: '01zzzzzzzzzzzzzzzzzzzzzzzz' });
      const worker = startWorker('wt-4');
      const entry = await until('the stray entry to be completed', 20_000, async () => {
        const found = await boss.getJobById<{ jobId: string }>('diag-work', String(bossId), { includeArchive: true });
        return found?.state === 'completed' ? found : undefined;
      });
      expect(entry.retryCount).toBe(0);
      expect(entry.output).toEqual({ dropped: 'not in the store' });
      worker.controller.abort();
      await worker.done;
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });
});
