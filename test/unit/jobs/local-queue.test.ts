import { createHash } from 'node:crypto';

import { afterEach, describe, expect, it } from 'vitest';

import { ManualClock, silentLogger } from '../../../src/core/index.js';
import { LocalJobQueue } from '../../../src/jobs/index.js';
import type { JobStore } from '../../../src/jobs/index.js';
import type { JobRecord } from '../../../src/store/index.js';
import { openJobTestStore } from '../../fixtures/jobs/job-test-store.js';

const ctx = { actor: 'test' };
const testHandlers = new URL('../../fixtures/jobs/test-handlers.ts', import.meta.url).href;

/** diag-work's definition, recomputed here independently of the handler. */
function expectedDigest(rounds: number, bytes: number, seed: string): string {
  const buffer = Buffer.alloc(bytes);
  const seedDigest = createHash('sha256').update(seed).digest();
  for (let i = 0; i < bytes; i++) buffer[i] = seedDigest[i % 32] as number;
  let digest = seedDigest;
  for (let r = 0; r < rounds; r++) {
    digest = createHash('sha256').update(buffer).digest();
    digest.copy(buffer, 0);
  }
  return digest.toString('hex');
}

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function setup(concurrency = 2): Promise<{ queue: LocalJobQueue; store: JobStore }> {
  const store = await openJobTestStore();
  open.push(store);
  const queue = await LocalJobQueue.open({
    store,
    concurrency,
    clock: new ManualClock(),
    logger: silentLogger,
    handlerModules: [testHandlers],
    cancelGraceMs: 500,
  });
  open.push(queue);
  return { queue, store };
}

describe('LocalJobQueue', () => {
  it('runs diag-work on a thread and stores the digest, progress and attempt', async () => {
    const { queue } = await setup();
    const submitted = await queue.submit('diag-work', { rounds: 500, bytes: 256, progressEvery: 50, seed: 'abc' }, undefined, ctx);
    expect(submitted.status).toBe('queued');
    expect(submitted.payload).toEqual({ rounds: 500, bytes: 256, progressEvery: 50, seed: 'abc' });
    const seen: number[] = [];
    const done = await queue.wait(submitted.id, { timeoutMs: 20_000, onProgress: (r) => seen.push(r.progress) });
    expect(done.status).toBe('succeeded');
    expect(done.progress).toBe(1);
    expect(done.attempts).toBe(1);
    expect(done.workerId).toBe(queue.workerId);
    expect(done.result).toEqual({ digest: expectedDigest(500, 256, 'abc'), rounds: 500, attempt: 1, workerId: queue.workerId });
    expect(seen[seen.length - 1]).toBe(1);
  });

  it('fills payload defaults from the schema before storing the job', async () => {
    const { queue } = await setup();
    const record = await queue.submit('diag-work', {}, undefined, ctx);
    expect(record.payload).toEqual({ rounds: 1000, bytes: 4096, progressEvery: 100, seed: '' });
    const done = await queue.wait(record.id, { timeoutMs: 20_000 });
    expect((done.result as { digest: string }).digest).toBe(expectedDigest(1000, 4096, ''));
  });

  it('records progress fractions between 0 and 1 in the store while a job runs', async () => {
    const { queue, store } = await setup(1);
    const record = await queue.submit('diag-work', { rounds: 400_000, bytes: 1024, progressEvery: 1000 }, undefined, ctx);
    const midway: JobRecord[] = [];
    for (let i = 0; i < 400 && midway.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const now = await store.jobs.get(record.id);
      if (now.status === 'running' && now.progress > 0 && now.progress < 1) midway.push(now);
    }
    expect(midway.length).toBe(1);
    expect(midway[0]?.progressMessage).toMatch(/^round \d+\/400000$/);
    await queue.cancel(record.id, ctx);
    expect((await queue.wait(record.id, { timeoutMs: 20_000 })).status).toBe('cancelled');
  });

  it('cancels a queued job at once and a running CPU-bound job through its progress checks', async () => {
    const { queue } = await setup(1);
    const running = await queue.submit('diag-work', { rounds: 50_000_000, bytes: 64, progressEvery: 500 }, undefined, ctx);
    const queued = await queue.submit('diag-work', { rounds: 10 }, undefined, ctx);
    const cancelledQueued = await queue.cancel(queued.id, ctx);
    expect(cancelledQueued.status).toBe('cancelled');
    await queue.wait(running.id, { timeoutMs: 20_000, onProgress: (r) => void (r.progress > 0 && queue.cancel(running.id, ctx)) });
    const final = await queue.get(running.id);
    expect(final.status).toBe('cancelled');
    expect(final.error?.code).toBe('MLP_JOB_CANCELLED');
    expect(final.result).toBeNull();
    expect((await queue.get(queued.id)).attempts).toBe(0);
  });

  it('stops a handler that ignores cancellation by terminating its thread, and the pool keeps working', async () => {
    const { queue } = await setup(1);
    const stubborn = await queue.submit('test-stubborn', { ms: 30_000 }, undefined, ctx);
    await queue.wait(stubborn.id, {
      timeoutMs: 20_000,
      onProgress: (r) => void (r.status === 'running' && queue.cancel(stubborn.id, ctx)),
    });
    expect((await queue.get(stubborn.id)).status).toBe('cancelled');
    const next = await queue.submit('diag-work', { rounds: 3, bytes: 32, seed: 'z' }, undefined, ctx);
    const done = await queue.wait(next.id, { timeoutMs: 20_000 });
    expect((done.result as { digest: string }).digest).toBe(expectedDigest(3, 32, 'z'));
  });

  it('turns a thrown error into a failed job with code and message', async () => {
    const { queue } = await setup();
    const plain = await queue.submit('test-fail', { message: 'boom at step 3' }, undefined, ctx);
    const catalog = await queue.submit('diag-work', { rounds: 10, failAtRound: 4 }, undefined, ctx);
    const [a, b] = await Promise.all([queue.wait(plain.id, { timeoutMs: 20_000 }), queue.wait(catalog.id, { timeoutMs: 20_000 })]);
    expect(a.status).toBe('failed');
    expect(a.error).toEqual({ code: 'MLP_JOB_FAILED', message: 'TypeError: boom at step 3' });
    expect(b.status).toBe('failed');
    expect(b.error?.code).toBe('MLP_JOB_FAILED');
    expect(b.error?.message).toContain('round 4');
  });

  it('fails a job whose result exceeds the size limit, naming the artifact store', async () => {
    const { queue } = await setup();
    const record = await queue.submit('test-huge-result', { bytes: 2 * 1024 * 1024 }, undefined, ctx);
    const done = await queue.wait(record.id, { timeoutMs: 20_000 });
    expect(done.status).toBe('failed');
    expect(done.error?.code).toBe('MLP_JOB_RESULT_TOO_LARGE');
    expect(done.error?.message).toContain('artifact store');
  });

  it('rejects unknown types and bad payloads before storing anything', async () => {
    const { queue } = await setup();
    await expect(queue.submit('no-such-job', {}, undefined, ctx)).rejects.toMatchObject({
      code: 'MLP_CORE_UNKNOWN_ID',
      details: { known: expect.arrayContaining(['diag-work', 'test-fail']) },
    });
    await expect(queue.submit('diag-work', { rounds: -1 }, undefined, ctx)).rejects.toMatchObject({
      code: 'MLP_CORE_VALIDATION',
      details: { field: 'payload.rounds' },
    });
    await expect(queue.submit('diag-work', { round: 5 }, undefined, ctx)).rejects.toMatchObject({ code: 'MLP_CORE_VALIDATION' });
    expect(await queue.list()).toEqual([]);
  });

  it('wait() times out with MLP_JOB_WAIT_TIMEOUT while the job keeps running', async () => {
    const { queue } = await setup(1);
    const record = await queue.submit('test-sleep', { ms: 600 }, undefined, ctx);
    await expect(queue.wait(record.id, { timeoutMs: 100 })).rejects.toMatchObject({ code: 'MLP_JOB_WAIT_TIMEOUT' });
    expect((await queue.wait(record.id, { timeoutMs: 20_000 })).result).toEqual({ slept: 600 });
  });

  it('runs at most `concurrency` jobs at once and all of them to completion', async () => {
    const { queue, store } = await setup(2);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await queue.submit('test-sleep', { ms: 150 }, undefined, ctx)).id);
    let maxRunning = 0;
    let finished = 0;
    for (let i = 0; i < 500 && finished < 6; i++) {
      const all = await store.jobs.list({ limit: 100 });
      maxRunning = Math.max(maxRunning, all.filter((r) => r.status === 'running').length);
      finished = all.filter((r) => r.status === 'succeeded').length;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(finished).toBe(6);
    expect(maxRunning).toBeGreaterThanOrEqual(1);
    expect(maxRunning).toBeLessThanOrEqual(2);
  });

  it('close() marks queued and running jobs failed as interrupted', async () => {
    const { queue } = await setup(1);
    const running = await queue.submit('test-sleep', { ms: 10_000 }, undefined, ctx);
    const queued = await queue.submit('test-sleep', { ms: 10 }, undefined, ctx);
    await queue.wait(running.id, { timeoutMs: 100, onProgress: () => undefined }).catch(() => undefined);
    await queue.close();
    await expect(queue.submit('diag-work', {}, undefined, ctx)).rejects.toMatchObject({ code: 'MLP_JOB_QUEUE_CLOSED' });
    const [a, b] = [await queue.get(running.id), await queue.get(queued.id)];
    expect(a.status).toBe('failed');
    expect(a.error?.code).toBe('MLP_JOB_INTERRUPTED');
    expect(b.status).toBe('failed');
    expect(b.error?.code).toBe('MLP_JOB_INTERRUPTED');
  });

  it('a new local queue marks running jobs of a vanished local process failed, and leaves live and remote ones alone', async () => {
    const { store } = await setup(1);
    const running = async (workerId: string): Promise<string> => {
      const job = await store.jobs.create({ type: 'diag-work', payload: {} }, ctx);
      await store.jobs.updateIf(job.id, { status: 'queued' }, { status: 'running', attempts: 1, workerId, startedAt: 1 });
      return job.id;
    };
    const deadHere = await running('local:box-1:4001:0a1b2c3d');
    const aliveHere = await running('local:box-1:4002:0a1b2c3d');
    const otherHost = await running('local:box-2:4001:0a1b2c3d');
    const legacy = await running('local:deadbeef0000');
    const pgBoss = await running('host-a:42');
    const queue = await LocalJobQueue.open({
      store,
      concurrency: 1,
      clock: new ManualClock(),
      logger: silentLogger,
      instance: { host: 'box-1', pid: 4100 },
      isProcessAlive: (pid) => pid === 4002,
    });
    open.push(queue);
    const status = async (id: string): Promise<string> => {
      const record = await store.jobs.get(id);
      return record.status === 'failed' ? `failed:${record.error?.code}` : record.status;
    };
    expect(await status(deadHere)).toBe('failed:MLP_JOB_INTERRUPTED');
    expect(await status(legacy)).toBe('failed:MLP_JOB_INTERRUPTED');
    expect(await status(aliveHere)).toBe('running');
    expect(await status(otherHost)).toBe('running');
    expect(await status(pgBoss)).toBe('running');
  });

  it('by default recognises this very process as alive', async () => {
    const { store, queue } = await setup(1);
    const job = await store.jobs.create({ type: 'diag-work', payload: {} }, ctx);
    await store.jobs.updateIf(
      job.id,
      { status: 'queued' },
      { status: 'running', attempts: 1, workerId: `${queue.workerId.split(':').slice(0, 3).join(':')}:ffff`, startedAt: 1 },
    );
    expect(await queue.recoverInterrupted()).toEqual([]);
    expect((await store.jobs.get(job.id)).status).toBe('running');
  });
});
