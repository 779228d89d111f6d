/**
 * The pg-boss backend across processes: two `mlpilot worker` processes against PostgreSQL share the jobs of
 * one submitter, every job completes exactly once, and a job whose worker is killed (SIGKILL) mid-job is
 * retried by the other worker and still completes exactly once.
 *
 * Needs PostgreSQL at postgres://127.0.0.1:5432/test (MLPILOT_TEST_PG_URL overrides). Unreachable: fails
 * when CI is set, otherwise skips with a warning. Uses a random store schema (the pg-boss schema derives
 * from it) and drops both afterwards.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { silentLogger, systemClock } from '../../src/core/index.js';
import { PgBossJobQueue, pgBossSchemaFor } from '../../src/jobs/index.js';
import { openStore } from '../../src/store/index.js';
import type { JobRecord, Store } from '../../src/store/index.js';
import { dropSchemas, pgUrlWithSchema, requirePostgres, until } from '../fixtures/postgres.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const ctx = { actor: 'jobs-pgboss-test' };

/**
 * How a worker process starts: the real CLI, `mlpilot worker` from the build (`npm run build` first; its pool
 * threads then run the compiled `dist/jobs/thread-entry.js`). Without a build, the fixture that makes the same
 * `runWorker` call from source: ['--import', 'tsx', 'test/fixtures/jobs/worker-main.ts', 'worker', '--concurrency', '2'].
 */
const WORKER_ARGV = ['bin/mlpilot.js', 'worker', '--concurrency', '2'];

if (WORKER_ARGV[0] === 'bin/mlpilot.js' && !existsSync(join(repoRoot, 'dist/cli/index.js'))) {
  throw new Error('dist/cli is missing: run `npm run build` first (the workers run `node bin/mlpilot.js worker`)');
}

const available = await requirePostgres('test/integration/jobs-pgboss.test.ts');

interface WorkerProcess {
  readonly child: ChildProcess;
  readonly workerId: Promise<string>;
  /** Parsed JSON log lines so far. */
  readonly lines: Array<Record<string, unknown>>;
  readonly exited: Promise<number | null>;
}

/** Starts one worker process; the only place that knows how (see {@link WORKER_ARGV}). */
function launchWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, WORKER_ARGV, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let started: (id: string) => void = () => undefined;
  let failed: (error: Error) => void = () => undefined;
  const workerId = new Promise<string>((resolve, reject) => {
    started = resolve;
    failed = reject;
  });
  const other: string[] = [];
  let buffered = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const text = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
      try {
        const line = JSON.parse(text) as Record<string, unknown>;
        lines.push(line);
        if (line.msg === 'worker started') started(String(line.workerId));
      } catch {
        other.push(text); // not a log line (e.g. a Node warning or a crash)
      }
    }
  });
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      failed(new Error(`worker exited with ${code} before starting:\n${[...other, buffered].join('\n')}`));
      resolve(code);
    }),
  );
  return { child, workerId, lines, exited };
}

function completions(worker: WorkerProcess): Array<{ jobId: string; attempt: number; status: string }> {
  return worker.lines
    .filter((line) => line.msg === 'job completed')
    .map((line) => ({ jobId: String(line.jobId), attempt: Number(line.attempt), status: String(line.status) }));
}

describe.skipIf(!available)('pg-boss backend with two worker processes', () => {
  const schema = `jobs_it_${randomBytes(5).toString('hex')}`;
  const url = pgUrlWithSchema(schema);
  const workerEnv = { MLPILOT_DATABASE_URL: url, MLPILOT_JOBS_BACKEND: 'pg-boss', MLPILOT_LOG_LEVEL: 'info' };
  let store: Store;
  let queue: PgBossJobQueue;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    store = await openStore({ url, clock: systemClock, logger: silentLogger });
    queue = await PgBossJobQueue.open({
      store,
      connectionString: url,
      clock: systemClock,
      logger: silentLogger,
      expireInSeconds: 6,
      retryLimit: 3,
    });
    workers.push(launchWorker(workerEnv), launchWorker(workerEnv));
    await Promise.all(workers.map((worker) => worker.workerId));
  });

  afterAll(async () => {
    for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
    await Promise.race([Promise.all(workers.map((worker) => worker.exited)), new Promise((resolve) => setTimeout(resolve, 15_000))]);
    for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    await queue?.close();
    await store?.close();
    await dropSchemas([schema, pgBossSchemaFor(url)]);
  });

  async function finishedEvents(): Promise<Map<string, number>> {
    const events = await store.events.list({ types: ['job.finished'], subjectKind: 'job', limit: 10_000 });
    const counts = new Map<string, number>();
    for (const event of events) counts.set(event.subjectId, (counts.get(event.subjectId) ?? 0) + 1);
    return counts;
  }

  async function allTerminal(ids: string[], timeoutMs: number): Promise<JobRecord[]> {
    return until(`${ids.length} jobs to finish`, timeoutMs, async () => {
      const records = await Promise.all(ids.map((id) => store.jobs.get(id)));
      return records.every((r) => r.status === 'succeeded' || r.status === 'failed' || r.status === 'cancelled') ? records : undefined;
    });
  }

  it('spreads the jobs of one submitter over both workers and completes each exactly once', async () => {
    const [idA, idB] = (await Promise.all(workers.map((worker) => worker.workerId))) as [string, string];
    const ids: string[] = [];
    for (let i = 0; i < 40; i++)
      ids.push((await queue.submit('diag-work', { rounds: 5000, bytes: 4096, progressEvery: 2500, seed: `job-${i}` }, undefined, ctx)).id);
    const records = await allTerminal(ids, 40_000);

    for (const record of records) {
      expect(record.status).toBe('succeeded');
      const result = record.result as { rounds: number; attempt: number; workerId: string; digest: string };
      // The result names the attempt and worker that produced it: it must be the attempt the record says won.
      expect(result.attempt).toBe(record.attempts);
      expect(result.workerId).toBe(record.workerId);
      expect(result.rounds).toBe(5000);
    }
    // Same seed → same digest whichever machine ran it; different seeds → different digests.
    expect(new Set(records.map((r) => (r.result as { digest: string }).digest)).size).toBe(40);

    const byWorker = new Map<string, number>();
    for (const record of records) byWorker.set(String(record.workerId), (byWorker.get(String(record.workerId)) ?? 0) + 1);
    expect([...byWorker.keys()].sort()).toEqual([idA, idB].sort());
    expect((byWorker.get(idA) ?? 0) + (byWorker.get(idB) ?? 0)).toBe(40);

    const events = await finishedEvents();
    for (const id of ids) expect(events.get(id)).toBe(1);
    // A worker logs a completion just after its store write: wait for the log lines rather than race them.
    const logged = await until('40 logged completions', 10_000, async () => {
      const lines = workers.flatMap(completions).filter((c) => ids.includes(c.jobId));
      return lines.length >= 40 ? lines : undefined;
    });
    expect(logged.length).toBe(40);
    expect(new Set(logged.map((c) => c.jobId)).size).toBe(40);
  });

  it('retries the job of a worker killed mid-job on the other worker, and completes it exactly once', async () => {
    const [victim, survivor] = workers as [WorkerProcess, WorkerProcess];
    const victimId = await victim.workerId;
    const survivorId = await survivor.workerId;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push(
        (await queue.submit('diag-work', { rounds: 80_000, bytes: 4096, progressEvery: 2000, seed: `long-${i}` }, undefined, ctx)).id,
      );
    }
    // Kill the victim while it is provably mid-job: a record running on it with some progress recorded.
    const midJob = await until('a job running on the victim', 20_000, async () => {
      const records = await Promise.all(ids.map((id) => store.jobs.get(id)));
      return records.find((r) => r.status === 'running' && r.workerId === victimId && r.progress > 0);
    });
    victim.child.kill('SIGKILL');
    await victim.exited;
    const killedIds = (await Promise.all(ids.map((id) => store.jobs.get(id))))
      .filter((r) => r.status === 'running' && r.workerId === victimId)
      .map((r) => r.id);
    expect(killedIds).toContain(midJob.id);

    const records = await allTerminal(ids, 40_000);
    const events = await finishedEvents();
    const survivorLog = completions(survivor);
    for (const record of records) {
      expect(record.status).toBe('succeeded');
      const result = record.result as { attempt: number; workerId: string };
      expect(result.attempt).toBe(record.attempts);
      expect(result.workerId).toBe(record.workerId);
      expect(events.get(record.id)).toBe(1);
    }
    for (const id of killedIds) {
      const record = records.find((r) => r.id === id) as JobRecord;
      expect(record.workerId).toBe(survivorId);
      expect(record.attempts).toBeGreaterThanOrEqual(2);
      expect(survivorLog.filter((c) => c.jobId === id)).toEqual([{ jobId: id, attempt: record.attempts, status: 'succeeded' }]);
      expect(completions(victim).filter((c) => c.jobId === id)).toEqual([]);
    }
  });
});
