import { afterEach, describe, expect, it } from 'vitest';

import { ManualClock, silentLogger } from '../../../src/core/index.js';
import { claimJob, createJobQueue, LocalJobQueue, runAttempt, ThreadPool } from '../../../src/jobs/index.js';
import type { JobRecord, Store } from '../../../src/store/index.js';
import { openJobTestStore } from '../../fixtures/jobs/job-test-store.js';

const ctx = { actor: 'test' };
const clock = new ManualClock();
let store: Store;
let pool: ThreadPool;
afterEach(async () => {
  await pool?.close();
  await store?.close();
});

async function setup(): Promise<void> {
  store = await openJobTestStore(clock);
  pool = new ThreadPool({ size: 2, logger: silentLogger });
}

async function finishedEvents(jobId: string): Promise<number> {
  return (await store.events.list({ types: ['job.finished'], subjectId: jobId, limit: 100 })).length;
}

describe('claimJob', () => {
  it('claims a queued job as attempt 1, refuses a running one unless reclaiming, then claims attempt 2', async () => {
    await setup();
    const job = await store.jobs.create({ type: 'diag-work', payload: { rounds: 1 } }, ctx);
    const first = await claimJob(store, job.id, { workerId: 'a', clock, reclaim: true });
    expect(first).toMatchObject({ kind: 'claimed', record: { status: 'running', attempts: 1, workerId: 'a' } });
    expect(await claimJob(store, job.id, { workerId: 'b', clock, reclaim: false })).toMatchObject({ kind: 'skipped', reason: 'taken' });
    const second = await claimJob(store, job.id, { workerId: 'b', clock, reclaim: true });
    expect(second).toMatchObject({ kind: 'claimed', record: { status: 'running', attempts: 2, workerId: 'b' } });
  });

  it('skips finished jobs and cancels a job whose cancellation was requested', async () => {
    await setup();
    const done = await store.jobs.create({ type: 'diag-work', payload: {} }, ctx);
    await store.jobs.update(done.id, { status: 'succeeded', finishedAt: 1 });
    expect(await claimJob(store, done.id, { workerId: 'a', clock, reclaim: true })).toMatchObject({ kind: 'skipped', reason: 'finished' });
    const running = await store.jobs.create({ type: 'diag-work', payload: {} }, ctx);
    await claimJob(store, running.id, { workerId: 'a', clock, reclaim: false });
    await store.jobs.requestCancel(running.id, ctx);
    // The worker holding it died; the redelivery finds the cancel request and ends the job instead of running it.
    expect(await claimJob(store, running.id, { workerId: 'b', clock, reclaim: true })).toMatchObject({
      kind: 'skipped',
      reason: 'cancelled',
      record: { status: 'cancelled' },
    });
  });
});

describe('runAttempt: exactly-once completion', () => {
  it('a presumed-dead attempt is stopped and writes nothing once a newer attempt owns the job', async () => {
    await setup();
    const job = await store.jobs.create({ type: 'diag-work', payload: { rounds: 50_000_000, bytes: 64, progressEvery: 1000 } }, ctx);
    const stale = await claimJob(store, job.id, { workerId: 'a', clock, reclaim: true });
    if (stale.kind !== 'claimed') throw new Error('expected a claim');
    const staleRun = runAttempt({ store, pool, record: stale.record, workerId: 'a', clock, logger: silentLogger });
    // Wait until attempt 1 has reported progress, then let "another worker" take the job over.
    for (let i = 0; i < 500 && (await store.jobs.get(job.id)).progress === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const newer = await claimJob(store, job.id, { workerId: 'b', clock, reclaim: true });
    expect(newer).toMatchObject({ kind: 'claimed', record: { attempts: 2 } });
    // Attempt 1 could only end this way: its next progress write fails and that stops its handler.
    await expect(staleRun).resolves.toEqual({ kind: 'superseded' });
    const after: JobRecord = await store.jobs.get(job.id);
    expect(after).toMatchObject({ status: 'running', attempts: 2, workerId: 'b', progress: 0, result: null });
    expect(await finishedEvents(job.id)).toBe(0);
  });

  it('the newer attempt completes the job once, with a result naming its attempt and worker', async () => {
    await setup();
    const job = await store.jobs.create({ type: 'diag-work', payload: { rounds: 20, bytes: 64 } }, ctx);
    const stale = await claimJob(store, job.id, { workerId: 'a', clock, reclaim: true });
    const newer = await claimJob(store, job.id, { workerId: 'b', clock, reclaim: true });
    if (stale.kind !== 'claimed' || newer.kind !== 'claimed') throw new Error('expected claims');
    // Both run to the end; the stale one finishes first but only the owner's completion is written.
    const staleOutcome = await runAttempt({ store, pool, record: stale.record, workerId: 'a', clock, logger: silentLogger });
    const newerOutcome = await runAttempt({ store, pool, record: newer.record, workerId: 'b', clock, logger: silentLogger });
    expect(staleOutcome).toEqual({ kind: 'superseded' });
    expect(newerOutcome.kind).toBe('finished');
    const final = await store.jobs.get(job.id);
    expect(final).toMatchObject({ status: 'succeeded', attempts: 2, workerId: 'b', result: { attempt: 2, workerId: 'b', rounds: 20 } });
    expect(await finishedEvents(job.id)).toBe(1);
    // A third, late completion attempt by the old owner is refused too.
    expect(await store.jobs.updateIf(job.id, { status: 'running', attempts: 1, workerId: 'a' }, { status: 'failed' })).toBeUndefined();
  });

  it('a cancel request seen on a progress write stops the attempt and ends the job cancelled', async () => {
    await setup();
    const job = await store.jobs.create({ type: 'diag-work', payload: { rounds: 50_000_000, bytes: 64, progressEvery: 1000 } }, ctx);
    const claim = await claimJob(store, job.id, { workerId: 'a', clock, reclaim: false });
    if (claim.kind !== 'claimed') throw new Error('expected a claim');
    const run = runAttempt({ store, pool, record: claim.record, workerId: 'a', clock, logger: silentLogger });
    for (let i = 0; i < 500 && (await store.jobs.get(job.id)).progress === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await store.jobs.requestCancel(job.id, ctx);
    const outcome = await run;
    expect(outcome).toMatchObject({ kind: 'finished', record: { status: 'cancelled', error: { code: 'MLP_JOB_CANCELLED' } } });
    expect(await finishedEvents(job.id)).toBe(1);
  });
});

describe('createJobQueue', () => {
  it('opens the local backend by default and refuses pg-boss without a PostgreSQL URL', async () => {
    await setup();
    const local = await createJobQueue({ backend: 'local', store, concurrency: 1, clock, logger: silentLogger });
    expect(local).toBeInstanceOf(LocalJobQueue);
    expect(local.backend).toBe('local');
    await local.close();
    await expect(
      createJobQueue({
        backend: 'pg-boss',
        store,
        concurrency: 1,
        clock,
        logger: silentLogger,
        connectionString: 'sqlite:.mlpilot/mlpilot.db',
      }),
    ).rejects.toMatchObject({
      code: 'MLP_CONFIG_INVALID',
      details: { path: 'database.url' },
    });
    await expect(createJobQueue({ backend: 'pg-boss', store, concurrency: 1, clock, logger: silentLogger })).rejects.toMatchObject({
      code: 'MLP_CONFIG_INVALID',
    });
  });
});
